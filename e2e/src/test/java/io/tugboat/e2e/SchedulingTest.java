package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduler in `tug up`: pods without a node are placed and run; a pod that fits nowhere says why. */
class SchedulingTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static String get(String pod, String jsonPath) {
        return tug.cluster().jsonPath("pod/" + pod, "{" + jsonPath + "}");
    }

    @Test
    void kubectlRunLandsOnTheNodeAndRuns() {
        tug.cluster().kubectl("run", "placed", "--image=busybox", "--command", "--", "sleep", "3600").assertOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("placed", ".status.phase").equals("Running"));
        assertThat(get("placed", ".spec.nodeName")).isEqualTo(TugCluster.NODE_NAME);
        assertThat(get("placed", ".status.conditions[?(@.type==\"PodScheduled\")].status")).isEqualTo("True");
        assertThat(tug.cluster().kubectl("get", "events", "--field-selector", "involvedObject.name=placed").assertOk().stdout())
                .contains("Scheduled", "Successfully assigned default/placed to " + TugCluster.NODE_NAME);
        tug.cluster().kubectl("delete", "pod", "placed", "--wait=true", "--timeout=30s").assertOk();
        // the scheduler that placed it holds the scheduler's Lease, as kube-scheduler holds kube-system/kube-scheduler
        assertThat(tug.cluster().kubectl("get", "lease", "tugboat-scheduler", "-n", "kube-system", "-o",
                "jsonpath={.spec.holderIdentity}").assertOk().stdout()).isNotBlank();
    }

    @Test
    void aPodThatFitsNowhereStaysPendingWithTheSchedulersReason() {
        tug.cluster().apply("""
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
                """);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get("huge", ".status.conditions[?(@.type==\"PodScheduled\")].reason").equals("Unschedulable"));
        assertThat(get("huge", ".status.conditions[?(@.type==\"PodScheduled\")].message"))
                .startsWith("0/1 nodes are available: 1 Insufficient cpu.");
        assertThat(get("huge", ".status.phase")).isEqualTo("Pending");
        assertThat(get("huge", ".spec.nodeName")).isEmpty();
        assertThat(tug.cluster().kubectl("get", "events", "--field-selector", "involvedObject.name=huge").assertOk().stdout())
                .contains("FailedScheduling");
        tug.cluster().kubectl("delete", "pod", "huge", "--wait=true", "--timeout=30s").assertOk();
    }
}
