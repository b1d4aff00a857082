package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.Watch;
import io.tugboat.e2e.support.TugClusterExtension;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** io.kubernetes:client-java (the official Java client) lists and watches a real `tug up`. */
class KubernetesJavaClientTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    /** The client as its users make it, from the kubeconfig, without a read timeout: a watch waits as long as the server keeps it open. */
    private static ApiClient client() throws IOException {
        ApiClient client;
        try (Reader reader = Files.newBufferedReader(tug.cluster().kubeconfig())) {
            client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
        }
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
        return client;
    }

    @Test
    void listsAndWatches() throws Exception {
        ApiClient client = client();
        CoreV1Api core = new CoreV1Api(client);
        core.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("one")).data(Map.of("k", "1")))
                .execute();
        V1ConfigMapList list = core.listNamespacedConfigMap("default").execute();
        assertThat(list.getItems()).extracting(c -> c.getMetadata().getName()).contains("one");
        String from = list.getMetadata().getResourceVersion();

        List<String> seen = new ArrayList<>();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                core.listNamespacedConfigMap("default").watch(true).resourceVersion(from).timeoutSeconds(30).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            core.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("two"))).execute();
            core.deleteNamespacedConfigMap("one", "default").execute();
            for (Watch.Response<V1ConfigMap> event : watch) {
                seen.add(event.type + ":" + event.object.getMetadata().getName());
                if (seen.size() == 2) {
                    break;
                }
            }
        }
        assertThat(seen).containsExactly("ADDED:two", "DELETED:one");
    }
}
