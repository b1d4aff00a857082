package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.testkit.ApiClient;
import io.tugboat.testkit.TugCluster;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the API acknowledged survives an orderly restart and a kill -9. */
class DurabilityTest {

    private static String configMap(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + name + "\"}}";
    }

    @Test
    void restartKeepsEveryObject() {
        try (TugCluster cluster = TugCluster.start()) {
            cluster.createNamespace("keep");
            cluster.kubectl("create", "configmap", "kept", "-n", "keep", "--from-literal=a=b").assertOk();
            cluster.kubectl("create", "deployment", "kept", "-n", "keep", "--image=busybox", "--replicas=3").assertOk();
            // uid and generation: the controllers that now run go on writing the Deployment's status, so its
            // resourceVersion moves on its own; nothing writes the ConfigMap, so its resourceVersion must hold too
            String query = "jsonpath={range .items[*]}{.kind} {.metadata.uid} {.metadata.generation}{\"\\n\"}{end}";
            String before = cluster.kubectl("get", "cm,deploy", "-n", "keep", "-o", query).assertOk().stdout();
            String configMapVersion = cluster.kubectl("get", "cm", "kept", "-n", "keep", "-o",
                    "jsonpath={.metadata.resourceVersion}").assertOk().stdout();

            cluster.restart();

            String after = cluster.kubectl("get", "cm,deploy", "-n", "keep", "-o", query).assertOk().stdout();
            assertThat(after).isEqualTo(before);
            assertThat(cluster.kubectl("get", "cm", "kept", "-n", "keep", "-o", "jsonpath={.metadata.resourceVersion}")
                    .assertOk().stdout()).isEqualTo(configMapVersion);
            assertThat(cluster.kubectl("get", "deploy", "kept", "-n", "keep", "-o", "jsonpath={.spec.replicas}").assertOk().stdout()).isEqualTo("3");
            // the same kubeconfig (CA and token) still works after the restart: that is what kubectl just used
        }
    }

    @Test
    void killDuringConcurrentWritesLosesNoAcknowledgedWrite() throws Exception {
        try (TugCluster cluster = TugCluster.start()) {
            ApiClient api = new ApiClient(cluster.kubeconfig());
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch someWritten = new CountDownLatch(200);
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            for (int w = 0; w < writers; w++) {
                int writer = w;
                pool.submit(() -> {
                    for (int i = 0; running.get() && i < 100_000; i++) {
                        String name = "w" + writer + "-" + i;
                        try {
                            ApiClient.Reply r = api.post("/api/v1/namespaces/default/configmaps", configMap(name));
                            if (r.status() == 201) {
                                acknowledged.add(name);
                                someWritten.countDown();
                            }
                        } catch (UncheckedIOException e) {
                            return; // the server died under us: this write was never acknowledged
                        }
                    }
                });
            }
            assertThat(someWritten.await(60, TimeUnit.SECONDS)).as("writes were acknowledged").isTrue();
            cluster.kill();
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            cluster.startAgain();
            ApiClient after = new ApiClient(cluster.kubeconfig());
            var items = after.get("/api/v1/namespaces/default/configmaps").json().path("items");
            Set<String> stored = ConcurrentHashMap.newKeySet();
            items.forEach(i -> stored.add(i.path("metadata").path("name").asText()));
            assertThat(acknowledged).isNotEmpty();
            assertThat(stored).containsAll(acknowledged);
            for (String name : List.copyOf(acknowledged).subList(0, Math.min(20, acknowledged.size()))) {
                assertThat(after.get("/api/v1/namespaces/default/configmaps/" + name).json().path("data").path("v").asText()).isEqualTo(name);
            }
        }
    }
}
