package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.ApiClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The finer points of the API contract that clients rely on: paging, selectors, finalizers, expiry. */
class ApiSemanticsTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp("--compaction-interval", "1s");

    private static String configMap(String name, String label) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"set\":\"" + label + "\"}}}";
    }

    private static void create(String ns, String name, String label) {
        ApiClient.Reply r = tug.api().post("/api/v1/namespaces/" + ns + "/configmaps", configMap(name, label));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static void namespace(String name) {
        assertThat(tug.api().post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}").status())
                .isEqualTo(201);
    }

    @Test
    void pagesOfAListAreConsistentAndComplete() {
        namespace("paging");
        for (int i = 0; i < 7; i++) {
            create("paging", "cm-" + i, "p");
        }
        List<String> names = new ArrayList<>();
        String cont = "";
        int pages = 0;
        do {
            JsonNode page = tug.api().get("/api/v1/namespaces/paging/configmaps?limit=3" + (cont.isEmpty() ? "" : "&continue=" + cont)).json();
            page.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
            cont = page.path("metadata").path("continue").asText("");
            pages++;
            if (pages == 1) {
                create("paging", "cm-late", "p"); // written after the first page: not part of this list
            }
        } while (!cont.isEmpty() && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6");

        String chunked = tug.cluster().kubectl("get", "cm", "-n", "paging", "--chunk-size=2", "-o", "name").assertOk().stdout();
        assertThat(chunked.lines().count()).isEqualTo(8);
    }

    @Test
    void deleteCollectionHonoursTheLabelSelector() {
        namespace("collect");
        create("collect", "a", "doomed");
        create("collect", "b", "doomed");
        create("collect", "c", "kept");
        ApiClient.Reply r = tug.api().send("DELETE", "/api/v1/namespaces/collect/configmaps?labelSelector=set%3Ddoomed", null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode left = tug.api().get("/api/v1/namespaces/collect/configmaps").json().path("items");
        assertThat(left.findValuesAsText("name")).containsExactly("c");
    }

    @Test
    void aFinalizerHoldsADeletionUntilItIsRemoved() {
        namespace("final");
        ApiClient.Reply created = tug.api().post("/api/v1/namespaces/final/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]}}");
        assertThat(created.status()).isEqualTo(201);
        ApiClient.Reply deleted = tug.api().send("DELETE", "/api/v1/namespaces/final/configmaps/held", null, null);
        assertThat(deleted.status()).isEqualTo(200);
        JsonNode held = tug.api().get("/api/v1/namespaces/final/configmaps/held").json();
        assertThat(held.path("metadata").path("deletionTimestamp").asText()).isNotEmpty();
        ApiClient.Reply released = tug.api().send("PATCH", "/api/v1/namespaces/final/configmaps/held", "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}");
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(tug.api().get("/api/v1/namespaces/final/configmaps/held").status()).isEqualTo(404);
    }

    @Test
    void selectorsByFieldAndGeneratedNames() {
        namespace("fields");
        ApiClient.Reply generated = tug.api().post("/api/v1/namespaces/fields/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"gen-\"}}");
        assertThat(generated.status()).isEqualTo(201);
        String name = generated.json().path("metadata").path("name").asText();
        assertThat(name).matches("gen-[a-z0-9]{5}");
        create("fields", "other", "x");
        JsonNode byName = tug.api().get("/api/v1/namespaces/fields/configmaps?fieldSelector=metadata.name%3D" + name).json();
        assertThat(byName.path("items").findValuesAsText("name")).containsExactly(name);
        JsonNode notName = tug.api().get("/api/v1/configmaps?fieldSelector=metadata.namespace%3Dfields,metadata.name!%3D" + name).json();
        assertThat(notName.path("items").findValuesAsText("name")).containsExactly("other");
    }

    @Test
    void aWatchSeesObjectsLeaveItsSelectionAsDeleted() throws Exception {
        namespace("moves");
        create("moves", "mover", "in");
        String rv = tug.api().get("/api/v1/namespaces/moves/configmaps").json().path("metadata").path("resourceVersion").asText();
        Process watch = tug.cluster().kubectlProcess(List.of("get", "--raw",
                "/api/v1/namespaces/moves/configmaps?watch=true&labelSelector=set%3Din&resourceVersion=" + rv)).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
            tug.api().send("PATCH", "/api/v1/namespaces/moves/configmaps/mover", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"set\":\"out\"}}}");
            tug.api().send("PATCH", "/api/v1/namespaces/moves/configmaps/mover", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"set\":\"in\"}}}");
            assertThat(out.readLine()).contains("\"type\":\"DELETED\"", "\"mover\"");
            assertThat(out.readLine()).contains("\"type\":\"ADDED\"", "\"mover\"");
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWatchFromACompactedRevisionIsExpired() {
        namespace("expiry");
        create("expiry", "old", "x");
        String rv = tug.api().get("/api/v1/namespaces/expiry/configmaps").json().path("metadata").path("resourceVersion").asText();
        for (int i = 0; i < 3; i++) {
            create("expiry", "newer-" + i, "x");
        }
        // the server keeps one compaction interval (1 s here) of history
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ApiClient.Reply r = tug.api().get("/api/v1/namespaces/expiry/configmaps?watch=true&timeoutSeconds=1&resourceVersion=" + rv);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"type\":\"ERROR\"", "\"code\":410", "\"reason\":\"Expired\"");
        });
    }
}
