package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugAgent;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node lifecycle controller in `tug up`: a second node (a `tug agent` JVM) runs a Deployment's pods, then dies
 * (agent and pods SIGKILLed); once its Lease is 40 s stale it turns NotReady and is tainted unreachable:NoExecute,
 * the pods (tolerating that for 5 s) are deleted and replaced on the remaining node. The agent started again
 * renews its Lease and the taint goes.
 */
class NodeLifecycleTest {

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
            cluster.kubectl("delete", "deployment", "web", "--ignore-not-found", "--wait=false");
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

    private static String nodeField(String node, String jsonPath) {
        return get("get", "node", node, "-o", "jsonpath={" + jsonPath + "}");
    }

    /** "name node phase deleting" per pod of the Deployment. */
    private static List<String[]> webPods() {
        String out = get("get", "pods", "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase} {.metadata.deletionTimestamp}{\"\\n\"}{end}");
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.strip().split(" ")).toList();
    }

    private static long runningLiveOn(String node) {
        return webPods().stream().filter(p -> p.length == 3 && p[1].equals(node) && p[2].equals("Running")).count();
    }

    @Test
    void aNodeThatStopsRenewingItsLeaseHasItsPodsReplacedElsewhere() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].status").equals("True"));
        // place the pods on node-2 only: the main node cordoned while they are scheduled
        cluster.kubectl("cordon", TugCluster.NODE_NAME).assertOk();
        cluster.kubectlWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      terminationGracePeriodSeconds: 2
                      tolerations:
                      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
                      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
                      containers:
                      - name: main
                        image: busybox
                        command: ["sleep", "100000"]
                """, "apply", "-f", "-").assertOk();
        await().atMost(Duration.ofSeconds(60)).until(() -> runningLiveOn(NODE) == 2);
        cluster.kubectl("uncordon", TugCluster.NODE_NAME).assertOk();
        List<String> originals = webPods().stream().map(p -> p[0]).toList();

        assertThat(node2.killMachine()).as("pod processes of the dead node").isPositive();

        // 40 s without a lease renewal (plus a 5 s monitor period) and the node is NotReady, tainted unreachable
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() ->
                nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].status").equals("Unknown"));
        assertThat(nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].reason")).isEqualTo("NodeStatusUnknown");
        assertThat(nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].message")).isEqualTo("Kubelet stopped posting node status.");
        assertThat(nodeField(NODE, ".status.conditions[?(@.type==\"MemoryPressure\")].status")).isEqualTo("Unknown");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                nodeField(NODE, ".spec.taints[?(@.effect==\"NoExecute\")].key").equals("node.kubernetes.io/unreachable"));
        assertThat(nodeField(NODE, ".spec.taints[?(@.effect==\"NoExecute\")].timeAdded")).isNotEmpty();
        assertThat(get("get", "nodes")).contains(NODE, "NotReady");

        // 5 s of toleration later the pods are deleted (Terminating: nobody on node-2 finishes them) and replaced
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> runningLiveOn(TugCluster.NODE_NAME) == 2);
        List<String[]> pods = webPods();
        for (String[] p : pods) {
            if (originals.contains(p[0])) {
                assertThat(p).as("an original pod " + Arrays.toString(p)).hasSize(4); // deletionTimestamp set
            }
        }

        // the node comes back: its lease is renewed, the taint goes, Ready again, and the old pods are finished
        node2.startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeField(NODE, ".spec.taints[?(@.effect==\"NoExecute\")].key").isEmpty());
        await().atMost(Duration.ofSeconds(70)).until(() ->
                nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].status").equals("True"));
        await().atMost(Duration.ofSeconds(60)).until(() -> webPods().stream().noneMatch(p -> originals.contains(p[0])));
        assertThat(runningLiveOn(TugCluster.NODE_NAME)).isEqualTo(2);
    }

    @Test
    void everyPodGetsTheDefaultNotReadyAndUnreachableTolerations() {
        cluster.kubectl("run", "plain", "--image=busybox", "--command", "--", "sleep", "100000").assertOk();
        String tolerations = get("get", "pod", "plain", "-o",
                "jsonpath={range .spec.tolerations[*]}{.key}:{.effect}:{.tolerationSeconds} {end}");
        assertThat(tolerations.split(" ")).containsExactlyInAnyOrder(
                "node.kubernetes.io/not-ready:NoExecute:300", "node.kubernetes.io/unreachable:NoExecute:300");
        cluster.kubectl("delete", "pod", "plain", "--wait=false").assertOk();
    }
}
