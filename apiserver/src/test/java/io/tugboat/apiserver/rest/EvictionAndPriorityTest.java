package io.tugboat.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.apiserver.testing.ApiReply;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pods/eviction against PodDisruptionBudgets, and the Priority admission of pods, on a real API server. */
class EvictionAndPriorityTest {

    @RegisterExtension
    static final InJvmApiServerExtension api = new InJvmApiServerExtension();

    private static ApiReply send(String method, String path, String json) throws Exception {
        return api.server().admin().call(method, path, json);
    }

    /** A running, ready pod labelled app=db (status written through pods/status, as an agent would). */
    private static void readyPod(String name, boolean ready) throws Exception {
        ApiReply created = send("POST", "/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"%s","labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""
                .formatted(name));
        assertThat(created.code()).as(created.body().toString()).isEqualTo(201);
        ApiReply status = send("PATCH", "/api/v1/namespaces/default/pods/" + name + "/status", """
                {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"%s"}]}}""".formatted(ready ? "True" : "False"));
        assertThat(status.code()).as(status.body().toString()).isEqualTo(200);
    }

    private static ApiReply evict(String name) throws Exception {
        return send("POST", "/api/v1/namespaces/default/pods/" + name + "/eviction",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"}}");
    }

    private static boolean deleting(String name) throws Exception {
        ApiReply r = send("GET", "/api/v1/namespaces/default/pods/" + name, null);
        return r.code() == 404 || r.body().path("metadata").hasNonNull("deletionTimestamp");
    }

    @Test
    void evictionHonoursTheDisruptionBudget() throws Exception {
        readyPod("db-0", true);
        readyPod("db-1", true);
        readyPod("db-2", false);
        ApiReply pdb = send("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", """
                {"metadata":{"name":"db"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"db"}}}}""");
        assertThat(pdb.code()).as(pdb.body().toString()).isEqualTo(201);

        // an unready pod goes while the budget is met
        assertThat(evict("db-2").code()).isEqualTo(201);
        assertThat(deleting("db-2")).isTrue();
        ApiReply first = evict("db-0");
        assertThat(first.code()).isEqualTo(201);
        assertThat(first.body().path("status").asText()).isEqualTo("Success");
        assertThat(deleting("db-0")).isTrue();

        ApiReply refused = evict("db-1");
        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.body().path("reason").asText()).isEqualTo("TooManyRequests");
        assertThat(refused.body().path("message").asText()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(refused.body().path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("The disruption budget db needs 1 healthy pods and has 1 currently");
        assertThat(deleting("db-1")).isFalse();

        assertThat(evict("nope").code()).isEqualTo(404);
    }

    @Test
    void podsAndEvictionAreInDiscovery() throws Exception {
        ApiReply core = send("GET", "/api/v1", null);
        assertThat(core.body().toString()).contains("\"name\":\"pods/eviction\"", "\"group\":\"policy\"");
        assertThat(send("GET", "/apis/policy/v1", null).body().toString()).contains("poddisruptionbudgets");
        assertThat(send("GET", "/apis/scheduling.k8s.io/v1", null).body().toString()).contains("priorityclasses");
    }

    @Test
    void priorityClassNamesResolveToPriorities() throws Exception {
        ApiReply pc = send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", """
                {"metadata":{"name":"high"},"value":1000,"preemptionPolicy":"Never"}""");
        assertThat(pc.code()).as(pc.body().toString()).isEqualTo(201);
        assertThat(pc.body().path("preemptionPolicy").asText()).isEqualTo("Never");

        ApiReply high = send("POST", "/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"high"},"spec":{"priorityClassName":"high","containers":[{"name":"c","image":"busybox"}]}}""");
        assertThat(high.code()).as(high.body().toString()).isEqualTo(201);
        assertThat(high.body().path("spec").path("priority").asInt()).isEqualTo(1000);
        assertThat(high.body().path("spec").path("preemptionPolicy").asText()).isEqualTo("Never");

        ApiReply system = send("POST", "/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"crit"},"spec":{"priorityClassName":"system-node-critical","containers":[{"name":"c","image":"busybox"}]}}""");
        assertThat(system.body().path("spec").path("priority").asInt()).isEqualTo(2000001000);

        ApiReply unknown = send("POST", "/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"lost"},"spec":{"priorityClassName":"missing","containers":[{"name":"c","image":"busybox"}]}}""");
        assertThat(unknown.code()).isEqualTo(403);
        assertThat(unknown.body().path("message").asText()).isEqualTo("pods \"lost\" is forbidden: no PriorityClass with name missing was found");

        ApiReply plain = send("POST", "/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"plain"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        assertThat(plain.body().path("spec").path("priority").asInt()).isEqualTo(0);
        assertThat(plain.body().path("spec").has("priorityClassName")).isFalse();

        assertThat(send("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", """
                {"metadata":{"name":"everyone"},"value":7,"globalDefault":true}""").code()).isEqualTo(201);
        ApiReply defaulted = send("POST", "/api/v1/namespaces/default/pods", """
                {"metadata":{"name":"defaulted"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        assertThat(defaulted.body().path("spec").path("priorityClassName").asText()).isEqualTo("everyone");
        assertThat(defaulted.body().path("spec").path("priority").asInt()).isEqualTo(7);
        assertThat(defaulted.body().path("spec").path("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
        // tolerations defaulted as kube's DefaultTolerationSeconds admission does
        assertThat(defaulted.body().path("spec").path("tolerations").toString())
                .contains("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "\"tolerationSeconds\":300");
    }
}
