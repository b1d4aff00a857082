package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.e2e.support.PodRow;
import io.tugboat.e2e.support.PodRows;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The eviction API through `kubectl drain`: a Deployment of two pods on the main node under a PodDisruptionBudget of
 * minAvailable 1 drains onto a second node one pod at a time, the second eviction refused (429) until the first
 * pod's replacement is ready elsewhere.
 */
class EvictionTest {

    private static final String NODE = "node-2";

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp().withNode(NODE);

    @AfterAll
    static void deleteTheDeployment() {
        if (tug.running()) {
            tug.cluster().kubectl("delete", "deployment", "api", "--ignore-not-found", "--wait=false");
        }
    }

    /** Each pod of the Deployment, with its Ready condition's status as its state. */
    private static List<PodRow> pods() {
        return PodRows.list(tug.cluster(), "app=api", ".status.conditions[?(@.type==\"Ready\")].status");
    }

    private static long readyOn(String node) {
        return pods().stream().filter(p -> p.liveOn(node, "True")).count();
    }

    @Test
    void drainHonoursThePodDisruptionBudget() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                tug.cluster().jsonPath("node/" + NODE, "{.status.conditions[?(@.type==\"Ready\")].status}").equals("True"));
        tug.cluster().kubectl("cordon", NODE).assertOk();
        tug.cluster().apply("""
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
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> readyOn(TugCluster.NODE_NAME) == 2);
        // the disruption controller publishes the budget's figures
        await().atMost(Duration.ofSeconds(30)).until(() -> tug.cluster().jsonPath("pdb/api",
                "{.status.expectedPods} {.status.currentHealthy} {.status.desiredHealthy} {.status.disruptionsAllowed}")
                .equals("2 2 1 1"));
        tug.cluster().kubectl("uncordon", NODE).assertOk();

        CommandResult drain = tug.cluster().kubectl("drain", TugCluster.NODE_NAME, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=50s");
        drain.assertOk();
        String said = drain.stdout() + drain.stderr();
        // both pods were evicted, not deleted; the second only after the first one's replacement was ready
        assertThat(said).contains("evicting pod default/", "evicted", "node/" + TugCluster.NODE_NAME + " drained");
        assertThat(said).contains("Cannot evict pod as it would violate the pod's disruption budget.");
        await().atMost(Duration.ofSeconds(60)).until(() -> readyOn(NODE) == 2);
        assertThat(tug.cluster().jsonPath("node/" + TugCluster.NODE_NAME, "{.spec.unschedulable}")).isEqualTo("true");
        tug.cluster().kubectl("uncordon", TugCluster.NODE_NAME).assertOk();
    }
}
