package io.tugboat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.apiserver.testing.InJvmApiServer;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An informer on the stripping store, against a real API server: no managedFields cached, none lost by writes. */
class ManagedFieldsDroppingStoreTest {

    @RegisterExtension
    static final InJvmApiServerExtension apiServer = new InJvmApiServerExtension();

    @Test
    void cachesObjectsWithoutManagedFieldsAndWritesFromTheCacheKeepTheServers() {
        InJvmApiServer server = apiServer.server();
        try (KubernetesClient client = new ClusterAccess(server.url(), server.adminToken(), server.caPem()).connect("test")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lean").endMetadata().build()).create();
            client.configMaps().inNamespace("lean").resource(configMap("listed")).create();

            SharedIndexInformer<ConfigMap> informer =
                    ManagedFieldsDroppingStore.on(client.configMaps().inNamespace("lean").runnableInformer(0));
            List<ConfigMap> seen = new CopyOnWriteArrayList<>();
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap obj) {
                    seen.add(obj);
                }

                @Override
                public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                    seen.add(newObj);
                }

                @Override
                public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                }
            });
            try (informer) {
                informer.run();
                client.configMaps().inNamespace("lean").resource(configMap("watched")).create();
                await().atMost(Duration.ofSeconds(20)).until(() -> informer.getStore().list().size() == 2);

                assertThat(informer.getStore().list()).allSatisfy(cm -> {
                    assertThat(cm.getMetadata().getManagedFields()).isNullOrEmpty();
                    assertThat(cm.getMetadata().getUid()).isNotBlank();
                    assertThat(cm.getData()).containsEntry("k", "v");
                });
                assertThat(seen).hasSize(2).allSatisfy(cm -> assertThat(cm.getMetadata().getManagedFields()).isNullOrEmpty());

                // a controller that writes back what it read from the cache must not erase the field owners
                ConfigMap cached = informer.getStore().getByKey("lean/listed");
                cached.getData().put("k", "changed");
                client.configMaps().inNamespace("lean").resource(cached).update();
                List<ManagedFieldsEntry> owners = client.configMaps().inNamespace("lean").withName("listed").get()
                        .getMetadata().getManagedFields();
                assertThat(owners).isNotEmpty().anySatisfy(e -> assertThat(e.getFieldsV1().getAdditionalProperties())
                        .containsKey("f:data"));
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        "changed".equals(informer.getStore().getByKey("lean/listed").getData().get("k")));
                assertThat(informer.getStore().getByKey("lean/listed").getMetadata().getManagedFields()).isNullOrEmpty();
            }
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(Map.of("k", "v")).build();
    }
}
