package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tugboat.e2e.support.LivePods;
import io.tugboat.e2e.support.Readiness;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Deployment controller (with the ReplicaSet controller under it) against a real `tug up`, run in this JVM
 * and driven with the real kubectl: convergence, healing, scaling, rolling updates watched pod by pod against
 * maxSurge and maxUnavailable, Recreate, rollout status/history/undo/restart/pause/resume, history limits and
 * the progress deadline. Pods name the cluster's node since there is no scheduler yet.
 */
class DeploymentControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    /** A Deployment whose pods run `sleep` on the cluster's node; {@code strategy} and {@code extra} are YAML spec lines. */
    private static String deployment(String ns, String name, int replicas, String strategy, String extraSpec, String podExtra) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  replicas: %3$d
                  selector:
                    matchLabels: {app: %1$s}
                  strategy:
                %4$s
                %5$s
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      nodeName: %6$s
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: busybox:1
                        command: ["sleep", "100000"]
                %7$s
                """.formatted(name, ns, replicas, strategy.indent(4).stripTrailing(), extraSpec.indent(2).stripTrailing(),
                TugCluster.NODE_NAME, podExtra.indent(8).stripTrailing());
    }

    private static String rolling(String surge, String unavailable) {
        return "type: RollingUpdate\nrollingUpdate: {maxSurge: " + surge + ", maxUnavailable: " + unavailable + "}";
    }

    private static CommandResult rolloutStatus(String ns, String name) {
        return tug.cluster().kubectl("rollout", "status", "deployment/" + name, "-n", ns, "--timeout=90s");
    }

    private static Deployment deploymentObject(String ns, String name) {
        return tug.client().apps().deployments().inNamespace(ns).withName(name).get();
    }

    private static List<ReplicaSet> replicaSets(String ns, String app) {
        return tug.client().apps().replicaSets().inNamespace(ns).withLabel("app", app).list().getItems();
    }

    private static List<Pod> activePods(String ns, String app) {
        return LivePods.withApp(tug.client(), ns, app);
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static String annotation(io.fabric8.kubernetes.api.model.HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    @Test
    void convergesHealsScalesAndReportsStatus() {
        tug.cluster().createNamespace("dep-basic");
        tug.cluster().apply(deployment("dep-basic", "web", 3, rolling("1", "0"), "", ""));
        assertThat(rolloutStatus("dep-basic", "web").assertOk().stdout()).contains("successfully rolled out");

        Deployment d = deploymentObject("dep-basic", "web");
        assertThat(d.getStatus().getReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
        assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(annotation(d, "deployment.kubernetes.io/revision")).isEqualTo("1");

        List<ReplicaSet> sets = replicaSets("dep-basic", "web");
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(hash).matches("[a-z0-9]+");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
        assertThat(annotation(rs, "deployment.kubernetes.io/revision")).isEqualTo("1");
        assertThat(annotation(rs, "deployment.kubernetes.io/desired-replicas")).isEqualTo("3");
        assertThat(annotation(rs, "deployment.kubernetes.io/max-replicas")).isEqualTo("4");
        assertThat(rs.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(d.getMetadata().getUid());
        assertThat(activePods("dep-basic", "web")).allSatisfy(p ->
                assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash));

        String victim = activePods("dep-basic", "web").get(0).getMetadata().getName();
        tug.cluster().kubectl("delete", "pod", victim, "-n", "dep-basic", "--wait=false").assertOk();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertThat(activePods("dep-basic", "web")).hasSize(3).extracting(p -> p.getMetadata().getName()).doesNotContain(victim);
            assertThat(deploymentObject("dep-basic", "web").getStatus().getAvailableReplicas()).isEqualTo(3);
        });

        tug.cluster().kubectl("scale", "deployment/web", "-n", "dep-basic", "--replicas=5").assertOk();
        assertThat(rolloutStatus("dep-basic", "web").assertOk().stdout()).contains("successfully rolled out");
        assertThat(activePods("dep-basic", "web")).hasSize(5);
        assertThat(tug.cluster().kubectl("get", "deployment", "web", "-n", "dep-basic").assertOk().stdout())
                .containsPattern("web\\s+5/5\\s+5\\s+5");
        tug.cluster().kubectl("scale", "deployment/web", "-n", "dep-basic", "--replicas=2").assertOk();
        await().ignoreExceptions().atMost(WAIT).until(() -> activePods("dep-basic", "web").size() == 2
                && deploymentObject("dep-basic", "web").getStatus().getReplicas() == 2);
        assertThat(replicaSets("dep-basic", "web")).hasSize(1);
    }

    /** Watches a Deployment's pods from a list onward and records the extremes the rollout reached. */
    private static final class PodCounter implements Watcher<Pod>, AutoCloseable {
        private final Map<String, Pod> pods = new ConcurrentHashMap<>();
        private final List<String> violations = new ArrayList<>();
        private final Set<String> hashesSeenTogether = ConcurrentHashMap.newKeySet();
        private final int maxActive;
        private final int minReady;
        private final Watch watch;

        PodCounter(String ns, String app, int maxActive, int minReady) {
            this.maxActive = maxActive;
            this.minReady = minReady;
            PodList list = tug.client().pods().inNamespace(ns).withLabel("app", app).list();
            list.getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
            this.watch = tug.client().pods().inNamespace(ns).withLabel("app", app)
                    .watch(new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion()).build(), this);
        }

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            if (action == Action.DELETED) {
                pods.remove(pod.getMetadata().getName());
            } else {
                pods.put(pod.getMetadata().getName(), pod);
            }
            List<Pod> active = pods.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
            long ready = active.stream().filter(Readiness::isReady).count();
            if (active.size() > maxActive) {
                violations.add(action + " " + pod.getMetadata().getName() + ": " + active.size() + " active pods > " + maxActive);
            }
            if (ready < minReady) {
                violations.add(action + " " + pod.getMetadata().getName() + ": " + ready + " ready pods < " + minReady);
            }
            Set<String> hashes = active.stream().map(p -> p.getMetadata().getLabels().get("pod-template-hash")).collect(Collectors.toSet());
            if (hashes.size() > 1) {
                hashesSeenTogether.addAll(hashes);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            if (cause != null) {
                violations.add("watch closed: " + cause);
            }
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        boolean oldAndNewOverlapped() {
            return !hashesSeenTogether.isEmpty();
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    @Test
    void rollingUpdatesKeepWithinSurgeAndUnavailableAtEveryMomentAndRollBack() {
        tug.cluster().createNamespace("dep-roll");
        // surge only: never fewer than 4 ready, never more than 5 pods
        tug.cluster().apply(deployment("dep-roll", "surge", 4, rolling("1", "0"), "", ""));
        // unavailable only: never more than 4 pods, never fewer than 3 ready
        tug.cluster().apply(deployment("dep-roll", "unavail", 4, rolling("0", "1"), "", ""));
        rolloutStatus("dep-roll", "surge").assertOk();
        rolloutStatus("dep-roll", "unavail").assertOk();

        try (PodCounter surge = new PodCounter("dep-roll", "surge", 5, 4);
                PodCounter unavail = new PodCounter("dep-roll", "unavail", 4, 3)) {
            tug.cluster().kubectl("set", "image", "deployment/surge", "main=busybox:2", "-n", "dep-roll").assertOk();
            tug.cluster().kubectl("set", "image", "deployment/unavail", "main=busybox:2", "-n", "dep-roll").assertOk();
            assertThat(rolloutStatus("dep-roll", "surge").assertOk().stdout()).contains("successfully rolled out");
            assertThat(rolloutStatus("dep-roll", "unavail").assertOk().stdout()).contains("successfully rolled out");
            assertThat(surge.violations()).isEmpty();
            assertThat(unavail.violations()).isEmpty();
            assertThat(surge.oldAndNewOverlapped()).as("a rolling update, not a recreate").isTrue();
        }
        for (String app : List.of("surge", "unavail")) {
            List<Pod> pods = activePods("dep-roll", app);
            assertThat(pods).hasSize(4).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:2"));
            List<ReplicaSet> sets = replicaSets("dep-roll", app);
            assertThat(sets).hasSize(2);
            assertThat(sets).filteredOn(rs -> "2".equals(annotation(rs, "deployment.kubernetes.io/revision")))
                    .singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(4));
            assertThat(sets).filteredOn(rs -> "1".equals(annotation(rs, "deployment.kubernetes.io/revision")))
                    .singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
            assertThat(annotation(deploymentObject("dep-roll", app), "deployment.kubernetes.io/revision")).isEqualTo("2");
        }

        String history = tug.cluster().kubectl("rollout", "history", "deployment/surge", "-n", "dep-roll").assertOk().stdout();
        assertThat(history).containsPattern("(?m)^1\\s").containsPattern("(?m)^2\\s");
        assertThat(tug.cluster().kubectl("rollout", "history", "deployment/surge", "-n", "dep-roll", "--revision=1").assertOk().stdout())
                .contains("busybox:1");

        // undo: kubectl puts revision 1's template back; its ReplicaSet becomes revision 3
        String firstRs = replicaSets("dep-roll", "surge").stream()
                .filter(rs -> "1".equals(annotation(rs, "deployment.kubernetes.io/revision"))).findFirst().orElseThrow().getMetadata().getName();
        try (PodCounter surge = new PodCounter("dep-roll", "surge", 5, 4)) {
            tug.cluster().kubectl("rollout", "undo", "deployment/surge", "-n", "dep-roll").assertOk();
            assertThat(rolloutStatus("dep-roll", "surge").assertOk().stdout()).contains("successfully rolled out");
            assertThat(surge.violations()).isEmpty();
        }
        assertThat(activePods("dep-roll", "surge")).hasSize(4)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1"));
        ReplicaSet back = tug.client().apps().replicaSets().inNamespace("dep-roll").withName(firstRs).get();
        assertThat(annotation(back, "deployment.kubernetes.io/revision")).isEqualTo("3");
        assertThat(annotation(back, "deployment.kubernetes.io/revision-history")).isEqualTo("1");
        assertThat(back.getSpec().getReplicas()).isEqualTo(4);
        assertThat(replicaSets("dep-roll", "surge")).hasSize(2);
    }

    @Test
    void pauseHoldsARolloutAndResumeReleasesIt() {
        tug.cluster().createNamespace("dep-pause");
        tug.cluster().apply(deployment("dep-pause", "p", 2, rolling("1", "0"), "", ""));
        rolloutStatus("dep-pause", "p").assertOk();
        tug.cluster().kubectl("rollout", "pause", "deployment/p", "-n", "dep-pause").assertOk();
        tug.cluster().kubectl("set", "image", "deployment/p", "main=busybox:2", "-n", "dep-pause").assertOk();
        await().ignoreExceptions().atMost(WAIT).until(() ->
                "DeploymentPaused".equals(condition(deploymentObject("dep-pause", "p"), "Progressing").getReason()));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> replicaSets("dep-pause", "p").size() == 1);
        assertThat(activePods("dep-pause", "p")).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1"));

        tug.cluster().kubectl("rollout", "resume", "deployment/p", "-n", "dep-pause").assertOk();
        assertThat(rolloutStatus("dep-pause", "p").assertOk().stdout()).contains("successfully rolled out");
        assertThat(activePods("dep-pause", "p")).hasSize(2)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:2"));
    }

    @Test
    void restartRollsEveryPodAndHistoryIsLimited() {
        tug.cluster().createNamespace("dep-restart");
        tug.cluster().apply(deployment("dep-restart", "r", 2, rolling("1", "0"), "revisionHistoryLimit: 1", ""));
        rolloutStatus("dep-restart", "r").assertOk();
        Set<String> before = activePods("dep-restart", "r").stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        tug.cluster().kubectl("rollout", "restart", "deployment/r", "-n", "dep-restart").assertOk();
        rolloutStatus("dep-restart", "r").assertOk();
        assertThat(activePods("dep-restart", "r")).hasSize(2).noneMatch(p -> before.contains(p.getMetadata().getName()));
        tug.cluster().kubectl("rollout", "restart", "deployment/r", "-n", "dep-restart").assertOk();
        rolloutStatus("dep-restart", "r").assertOk();
        // the current ReplicaSet and one old one: revision 1's is gone
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> assertThat(replicaSets("dep-restart", "r"))
                .hasSize(2).extracting(rs -> annotation(rs, "deployment.kubernetes.io/revision")).containsExactlyInAnyOrder("2", "3"));
    }

    @Test
    void recreateStopsEveryOldPodBeforeStartingNewOnes() {
        tug.cluster().createNamespace("dep-recreate");
        tug.cluster().apply(deployment("dep-recreate", "rc", 3, "type: Recreate", "", ""));
        rolloutStatus("dep-recreate", "rc").assertOk();
        try (PodCounter counter = new PodCounter("dep-recreate", "rc", 3, 0)) {
            tug.cluster().kubectl("set", "image", "deployment/rc", "main=busybox:2", "-n", "dep-recreate").assertOk();
            assertThat(rolloutStatus("dep-recreate", "rc").assertOk().stdout()).contains("successfully rolled out");
            assertThat(counter.violations()).isEmpty();
            assertThat(counter.oldAndNewOverlapped()).as("old and new pods never active together").isFalse();
        }
        assertThat(activePods("dep-recreate", "rc")).hasSize(3);
    }

    @Test
    void aRolloutThatCannotProgressExceedsItsDeadline() {
        tug.cluster().createNamespace("dep-stuck");
        // never ready: nothing listens on the probed port
        tug.cluster().apply(deployment("dep-stuck", "stuck", 1, rolling("1", "0"), "progressDeadlineSeconds: 3", """
                readinessProbe:
                  tcpSocket: {port: 9}
                  periodSeconds: 1
                """));
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            DeploymentCondition c = condition(deploymentObject("dep-stuck", "stuck"), "Progressing");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
        });
        assertThat(condition(deploymentObject("dep-stuck", "stuck"), "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
        CommandResult status = rolloutStatus("dep-stuck", "stuck");
        assertThat(status.ok()).isFalse();
        assertThat(status.stderr() + status.stdout()).contains("exceeded its progress deadline");
    }
}
