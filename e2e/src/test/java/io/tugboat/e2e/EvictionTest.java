package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugAgent;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The eviction API through `kubectl drain`: a Deployment of two pods on the main node under a PodDisruptionBudget of
 * minAvailable 1 drains onto a second node one pod at a time, the second eviction refused (429) until the first
 * pod's replacement is ready elsewhere.
 */
class EvictionTest {

    private static final String NODE = "node-2";
    private static TugCluster cluster;
    private static TugAgent node2;

    @BeforeAll
    static void start() {
        cluster = TugCluster.start();
        node2 = TugAgent.start(cluster, NODE);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.kubectl("delete", "deployment", "api", "--ignore-not-found", "--wait=false");
        }
        if (node2 != null) {
            node2.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String get(String... args) {
        CommandResult r = cluster.kubectl(args);
        return r.ok() ? r.stdout().strip() : "";
    }

    /** "name node ready deleting?" per pod of the Deployment. */
    private static List<String[]> pods() {
        String out = get("get", "pods", "-l", "app=api", "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} "
                + "{.status.conditions[?(@.type==\"Ready\")].status} {.metadata.deletionTimestamp}{\"\\n\"}{end}");
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.strip().split(" ")).toList();
    }

    private static long readyOn(String node) {
        return pods().stream().filter(p -> p.length == 3 && p[1].equals(node) && p[2].equals("True")).count();
    }

    @Test
    void drainHonoursThePodDisruptionBudget() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                get("get", "node", NODE, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").equals("True"));
        cluster.kubectl("cordon", NODE).assertOk();
        cluster.kubectlWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: api}
                  template:
                    metadata:
                      labels: {app: api}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers:
                      - name: main
                        image: busybox
                        command: ["sleep", "100000"]
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: api}
                spec:
                  minAvailable: 1
                  selector:
                    matchLabels: {app: api}
                """, "apply", "-f", "-").assertOk();
        await().atMost(Duration.ofSeconds(60)).until(() -> readyOn(TugCluster.NODE_NAME) == 2);
        // the disruption controller publishes the budget's figures
        await().atMost(Duration.ofSeconds(30)).until(() -> get("get", "pdb", "api", "-o",
                "jsonpath={.status.expectedPods} {.status.currentHealthy} {.status.desiredHealthy} {.status.disruptionsAllowed}")
                .equals("2 2 1 1"));
        cluster.kubectl("uncordon", NODE).assertOk();

        CommandResult drain = cluster.kubectl("drain", TugCluster.NODE_NAME, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=50s");
        drain.assertOk();
        String said = drain.stdout() + drain.stderr();
        // both pods were evicted, not deleted; the second only after the first one's replacement was ready
        assertThat(said).contains("evicting pod default/", "evicted", "node/" + TugCluster.NODE_NAME + " drained");
        assertThat(said).contains("Cannot evict pod as it would violate the pod's disruption budget.");
        await().atMost(Duration.ofSeconds(60)).until(() -> readyOn(NODE) == 2);
        assertThat(get("get", "node", TugCluster.NODE_NAME, "-o", "jsonpath={.spec.unschedulable}")).isEqualTo("true");
        cluster.kubectl("uncordon", TugCluster.NODE_NAME).assertOk();
    }
}
