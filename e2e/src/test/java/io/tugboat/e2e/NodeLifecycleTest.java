package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.e2e.support.PodRow;
import io.tugboat.e2e.support.PodRows;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node lifecycle controller in `tug up`: a second node (a `tug agent` JVM) runs a Deployment's pods, then dies
 * (agent and pods SIGKILLed); once its Lease is 40 s stale it turns NotReady and is tainted unreachable:NoExecute,
 * the pods (tolerating that for 5 s) are deleted and replaced on the remaining node. The agent started again
 * renews its Lease and the taint goes.
 */
class NodeLifecycleTest {

    private static final String NODE = "node-2";

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp().withNode(NODE);

    @AfterAll
    static void deleteTheDeployment() {
        if (tug.running()) {
            tug.cluster().kubectl("delete", "deployment", "web", "--ignore-not-found", "--wait=false");
        }
    }

    private static String nodeField(String node, String jsonPath) {
        return tug.cluster().jsonPath("node/" + node, "{" + jsonPath + "}");
    }

    /** Each pod of the Deployment, with its phase as its state. */
    private static List<PodRow> webPods() {
        return PodRows.list(tug.cluster(), "app=web", ".status.phase");
    }

    private static long runningLiveOn(String node) {
        return webPods().stream().filter(p -> p.liveOn(node, "Running")).count();
    }

    @Test
    void aNodeThatStopsRenewingItsLeaseHasItsPodsReplacedElsewhere() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].status").equals("True"));
        // place the pods on node-2 only: the main node cordoned while they are scheduled
        tug.cluster().kubectl("cordon", TugCluster.NODE_NAME).assertOk();
        tug.cluster().apply("""
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
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> runningLiveOn(NODE) == 2);
        tug.cluster().kubectl("uncordon", TugCluster.NODE_NAME).assertOk();
        List<String> originals = webPods().stream().map(PodRow::name).toList();

        assertThat(tug.node(NODE).killMachine()).as("pod processes of the dead node").isPositive();

        // 40 s without a lease renewal (plus a 5 s monitor period) and the node is NotReady, tainted unreachable
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() ->
                nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].status").equals("Unknown"));
        assertThat(nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].reason")).isEqualTo("NodeStatusUnknown");
        assertThat(nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].message")).isEqualTo("Kubelet stopped posting node status.");
        assertThat(nodeField(NODE, ".status.conditions[?(@.type==\"MemoryPressure\")].status")).isEqualTo("Unknown");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                nodeField(NODE, ".spec.taints[?(@.effect==\"NoExecute\")].key").equals("node.kubernetes.io/unreachable"));
        assertThat(nodeField(NODE, ".spec.taints[?(@.effect==\"NoExecute\")].timeAdded")).isNotEmpty();
        assertThat(tug.cluster().kubectl("get", "nodes").assertOk().stdout()).contains(NODE, "NotReady");

        // 5 s of toleration later the pods are deleted (Terminating: nobody on node-2 finishes them) and replaced
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> runningLiveOn(TugCluster.NODE_NAME) == 2);
        for (PodRow p : webPods()) {
            if (originals.contains(p.name())) {
                assertThat(p.live()).as("an original pod " + p).isFalse(); // deletionTimestamp set
            }
        }

        // the node comes back: its lease is renewed, the taint goes, Ready again, and the old pods are finished
        tug.node(NODE).startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeField(NODE, ".spec.taints[?(@.effect==\"NoExecute\")].key").isEmpty());
        await().atMost(Duration.ofSeconds(70)).until(() ->
                nodeField(NODE, ".status.conditions[?(@.type==\"Ready\")].status").equals("True"));
        await().atMost(Duration.ofSeconds(60)).until(() -> webPods().stream().noneMatch(p -> originals.contains(p.name())));
        assertThat(runningLiveOn(TugCluster.NODE_NAME)).isEqualTo(2);
    }

    @Test
    void everyPodGetsTheDefaultNotReadyAndUnreachableTolerations() {
        tug.cluster().kubectl("run", "plain", "--image=busybox", "--command", "--", "sleep", "100000").assertOk();
        String tolerations = tug.cluster().jsonPath("pod/plain",
                "{range .spec.tolerations[*]}{.key}:{.effect}:{.tolerationSeconds} {end}");
        assertThat(tolerations.split(" ")).containsExactlyInAnyOrder(
                "node.kubernetes.io/not-ready:NoExecute:300", "node.kubernetes.io/unreachable:NoExecute:300");
        tug.cluster().kubectl("delete", "pod", "plain", "--wait=false").assertOk();
    }
}
