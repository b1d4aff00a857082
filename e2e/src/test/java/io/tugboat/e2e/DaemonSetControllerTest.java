package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tugboat.e2e.support.LivePods;
import io.tugboat.e2e.support.Readiness;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.TugAgent;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DaemonSet controller against a real `tug up` and a second `tug agent`: one daemon pod per node, a node that
 * joins gets its pod, a node that stops matching the nodeSelector loses it, and a RollingUpdate within
 * maxUnavailable that `kubectl rollout status` sees finish.
 */
class DaemonSetControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "ds";
    private static final String SECOND = "node-2";

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static String manifest(String version, String nodeSelector) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: logger, namespace: ds}
                spec:
                  selector: {matchLabels: {app: logger}}
                  updateStrategy:
                    type: RollingUpdate
                    rollingUpdate: {maxUnavailable: 1}
                  template:
                    metadata:
                      labels: {app: logger}
                      annotations: {version: "%s"}
                    spec:
                      terminationGracePeriodSeconds: 1
                      nodeSelector: %s
                      containers:
                      - name: main
                        image: busybox
                        command: ["sleep", "100000"]
                        readinessProbe:
                          exec: {command: ["true"]}
                          periodSeconds: 1
                """.formatted(version, nodeSelector);
    }

    private static DaemonSet ds() {
        return tug.client().apps().daemonSets().inNamespace(NS).withName("logger").get();
    }

    private static List<Pod> livePods() {
        return LivePods.withApp(tug.client(), NS, "logger");
    }

    private static Set<String> nodesOf(List<Pod> pods) {
        return pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
    }

    /** Watches daemon pods and keeps the fewest nodes that had a ready, live daemon at any one moment. */
    private static final class Coverage implements Watcher<Pod> {
        private final Map<String, String> readyNodeByPod = new HashMap<>();
        private int fewest = Integer.MAX_VALUE;

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            boolean ready = action != Action.DELETED && pod.getMetadata().getDeletionTimestamp() == null && Readiness.isReady(pod);
            if (ready) {
                readyNodeByPod.put(name, pod.getSpec().getNodeName());
            } else {
                readyNodeByPod.remove(name);
            }
            fewest = Math.min(fewest, new HashSet<>(readyNodeByPod.values()).size());
        }

        synchronized int fewest() {
            return fewest;
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    @Test
    void coversEveryNodeAndRollsWithinMaxUnavailable() {
        tug.cluster().createNamespace(NS);
        tug.cluster().apply(manifest("v1", "{}"));
        tug.cluster().kubectl("rollout", "status", "daemonset/logger", "-n", NS, "--timeout=120s").assertOk();
        assertThat(livePods()).hasSize(1);
        assertThat(nodesOf(livePods())).containsExactly(TugCluster.NODE_NAME);
        assertThat(livePods().get(0).getSpec().getTolerations()).anyMatch(t -> "node.kubernetes.io/not-ready".equals(t.getKey()));
        assertThat(ds().getStatus().getDesiredNumberScheduled()).isEqualTo(1);

        // a second node joins: it gets its own daemon pod
        TugAgent agent = tug.startNode(SECOND);
        await().atMost(WAIT).until(() -> {
            assertThat(agent.alive()).as("agent log:\n%s", agent.log()).isTrue();
            return Readiness.isReady(tug.client().nodes().withName(SECOND).get());
        });
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(nodesOf(livePods())).containsExactlyInAnyOrder(TugCluster.NODE_NAME, SECOND);
            assertThat(livePods()).hasSize(2);
            assertThat(ds().getStatus().getDesiredNumberScheduled()).isEqualTo(2);
            assertThat(ds().getStatus().getNumberReady()).isEqualTo(2);
        });
        tug.cluster().kubectl("rollout", "status", "daemonset/logger", "-n", NS, "--timeout=120s").assertOk();

        // rolling update: every node ends on the new revision, never more than one node without a ready daemon
        String before = livePods().get(0).getMetadata().getLabels().get("controller-revision-hash");
        Coverage coverage = new Coverage();
        try (Watch watch = tug.client().pods().inNamespace(NS).watch(coverage)) {
            tug.cluster().apply(manifest("v2", "{}"));
            tug.cluster().kubectl("rollout", "status", "daemonset/logger", "-n", NS, "--timeout=120s").assertOk();
        }
        // desired 2, maxUnavailable 1: at every moment at least one node had a ready daemon that was not going away
        assertThat(coverage.fewest()).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            List<Pod> pods = livePods();
            assertThat(pods).hasSize(2);
            assertThat(pods).allMatch(p -> !p.getMetadata().getLabels().get("controller-revision-hash").equals(before));
        });
        DaemonSet rolled = ds();
        assertThat(rolled.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
        assertThat(rolled.getStatus().getNumberAvailable()).isEqualTo(2);
        assertThat(rolled.getStatus().getNumberMisscheduled()).isZero();
        assertThat(rolled.getStatus().getObservedGeneration()).isEqualTo(rolled.getMetadata().getGeneration());

        // a nodeSelector only the second node matches: the first node's daemon goes
        tug.cluster().kubectl("label", "node", SECOND, "daemon=yes").assertOk();
        tug.cluster().apply(manifest("v2", "{daemon: \"yes\"}"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(nodesOf(livePods())).containsExactly(SECOND);
            assertThat(ds().getStatus().getDesiredNumberScheduled()).isEqualTo(1);
        });
        tug.cluster().kubectl("rollout", "status", "daemonset/logger", "-n", NS, "--timeout=120s").assertOk();
    }
}
