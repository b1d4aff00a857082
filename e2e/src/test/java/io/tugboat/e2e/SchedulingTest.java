package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduler in `tug up`: pods without a node are placed and run; a pod that fits nowhere says why. */
class SchedulingTest {

    private static TugCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TugCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String get(String pod, String jsonPath) {
        CommandResult r = cluster.kubectl("get", "pod", pod, "-o", "jsonpath={" + jsonPath + "}");
        return r.ok() ? r.stdout().strip() : "";
    }

    @Test
    void kubectlRunLandsOnTheNodeAndRuns() {
        cluster.kubectl("run", "placed", "--image=busybox", "--command", "--", "sleep", "3600").assertOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("placed", ".status.phase").equals("Running"));
        assertThat(get("placed", ".spec.nodeName")).isEqualTo(TugCluster.NODE_NAME);
        assertThat(get("placed", ".status.conditions[?(@.type==\"PodScheduled\")].status")).isEqualTo("True");
        assertThat(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=placed").assertOk().stdout())
                .contains("Scheduled", "Successfully assigned default/placed to " + TugCluster.NODE_NAME);
        cluster.kubectl("delete", "pod", "placed", "--wait=true", "--timeout=30s").assertOk();
        // the scheduler that placed it holds the scheduler's Lease, as kube-scheduler holds kube-system/kube-scheduler
        assertThat(cluster.kubectl("get", "lease", "tugboat-scheduler", "-n", "kube-system", "-o",
                "jsonpath={.spec.holderIdentity}").assertOk().stdout()).isNotBlank();
    }

    @Test
    void aPodThatFitsNowhereStaysPendingWithTheSchedulersReason() {
        cluster.kubectlWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: huge}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: ["sleep", "3600"]
                    resources:
                      requests: {cpu: "1000"}
                """, "apply", "-f", "-").assertOk();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get("huge", ".status.conditions[?(@.type==\"PodScheduled\")].reason").equals("Unschedulable"));
        assertThat(get("huge", ".status.conditions[?(@.type==\"PodScheduled\")].message"))
                .startsWith("0/1 nodes are available: 1 Insufficient cpu.");
        assertThat(get("huge", ".status.phase")).isEqualTo("Pending");
        assertThat(get("huge", ".spec.nodeName")).isEmpty();
        assertThat(cluster.kubectl("get", "events", "--field-selector", "involvedObject.name=huge").assertOk().stdout())
                .contains("FailedScheduling");
        cluster.kubectl("delete", "pod", "huge", "--wait=true", "--timeout=30s").assertOk();
    }
}
