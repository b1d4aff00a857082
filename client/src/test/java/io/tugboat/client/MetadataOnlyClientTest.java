package io.tugboat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.apiserver.testing.InJvmApiServer;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A metadata-only client's list and watch, against a real API server: metadata arrives, data does not. */
class MetadataOnlyClientTest {

    @RegisterExtension
    static final InJvmApiServerExtension apiServer = new InJvmApiServerExtension();

    private static final ResourceDefinitionContext CONFIGMAPS = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind("ConfigMap").withPlural("configmaps").withNamespaced(true).build();

    @Test
    void listsAndWatchesCarryMetadataWithoutTheObjectsData() {
        InJvmApiServer server = apiServer.server();
        try (KubernetesClient client = new ClusterAccess(server.url(), server.adminToken(), server.caPem()).connect("test");
             KubernetesClient metadata = MetadataOnlyClient.from(client)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("meta").endMetadata().build()).create();
            client.configMaps().inNamespace("meta").resource(configMap("listed")).create();

            try (SharedIndexInformer<GenericKubernetesResource> informer =
                         metadata.genericKubernetesResources(CONFIGMAPS).inNamespace("meta").inform()) {
                client.configMaps().inNamespace("meta").resource(configMap("watched")).create();
                await().atMost(Duration.ofSeconds(20)).until(() -> informer.getStore().list().size() == 2);

                for (GenericKubernetesResource cached : informer.getStore().list()) {
                    assertThat(cached.getKind()).isEqualTo("PartialObjectMetadata");
                    assertThat(cached.getMetadata().getLabels()).containsEntry("app", "demo");
                    assertThat(cached.getMetadata().getUid()).isNotBlank();
                    assertThat(cached.getAdditionalProperties()).doesNotContainKey("data");
                }
            }
            // the client it came from is untouched: full objects
            assertThat(client.configMaps().inNamespace("meta").withName("listed").get().getData()).containsKey("big");
        }
    }

    private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", "demo")).endMetadata()
                .withData(Map.of("big", "x".repeat(10_000))).build();
    }
}
