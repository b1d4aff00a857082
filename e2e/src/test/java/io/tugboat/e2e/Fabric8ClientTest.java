package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.e2e.support.TugClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** io.fabric8:kubernetes-client, used as its users write it, against a real `tug up`. */
class Fabric8ClientTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    @BeforeAll
    static void createTheNamespace() {
        tug.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8").endMetadata().build()).create();
    }

    @Test
    void createReadUpdateDelete() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("crud").withLabels(Map.of("app", "f8")).endMetadata()
                .addToData("k", "v1").build();
        ConfigMap created = tug.client().configMaps().inNamespace("f8").resource(cm).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

        ConfigMap edited = tug.client().configMaps().inNamespace("f8").withName("crud")
                .edit(c -> new ConfigMapBuilder(c).addToData("k", "v2").build());
        assertThat(edited.getData()).containsEntry("k", "v2");

        assertThat(tug.client().configMaps().inNamespace("f8").withLabel("app", "f8").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("crud");

        ConfigMap stale = new ConfigMapBuilder(created).addToData("k", "stale").build();
        assertThatThrownBy(() -> tug.client().configMaps().inNamespace("f8").resource(stale).update())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));

        assertThat(tug.client().configMaps().inNamespace("f8").withName("crud").delete()).hasSize(1);
        assertThat(tug.client().configMaps().inNamespace("f8").withName("crud").get()).isNull();
    }

    @Test
    void deploymentScaleAndServerSideApply() {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("ssa").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "ssa").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "ssa").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
                .endSpec().build();
        Deployment applied = tug.client().apps().deployments().inNamespace("f8").resource(d).fieldManager("tester").forceConflicts().serverSideApply();
        assertThat(applied.getMetadata().getManagedFields()).extracting(m -> m.getManager()).contains("tester");
        tug.client().apps().deployments().inNamespace("f8").withName("ssa").scale(4);
        assertThat(tug.client().apps().deployments().inNamespace("f8").withName("ssa").get().getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void watchSeesAddModifyDelete() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch watch = tug.client().configMaps().inNamespace("f8").withName("watched").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + ":" + resource.getData().get("k"));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            tug.client().configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata().withName("watched").endMetadata()
                    .addToData("k", "a").build()).create();
            tug.client().configMaps().inNamespace("f8").withName("watched").edit(c -> new ConfigMapBuilder(c).addToData("k", "b").build());
            tug.client().configMaps().inNamespace("f8").withName("watched").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 3);
        }
        assertThat(events).containsExactly("ADDED:a", "MODIFIED:b", "DELETED:b");
    }

    @Test
    void informerKeepsItsCacheInStep() {
        List<String> added = new CopyOnWriteArrayList<>();
        List<String> deleted = new CopyOnWriteArrayList<>();
        tug.client().configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata().withName("before").endMetadata().build()).create();
        SharedIndexInformer<ConfigMap> informer = tug.client().configMaps().inNamespace("f8").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                added.add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                deleted.add(obj.getMetadata().getName());
            }
        });
        try {
            await().atMost(Duration.ofSeconds(20)).until(informer::hasSynced);
            tug.client().configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata().withName("after").endMetadata().build()).create();
            tug.client().configMaps().inNamespace("f8").withName("before").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> added.contains("after") && deleted.contains("before"));
            assertThat(added).contains("before", "after");
            assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName()).contains("after").doesNotContain("before");
        } finally {
            informer.close();
        }
    }
}
