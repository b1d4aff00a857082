package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tugboat.e2e.support.Readiness;
import io.tugboat.e2e.support.TugClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The StatefulSet controller against a real `tug up`: ordered start (watched: no ordinal is created before the
 * one below it is Ready), claims from volumeClaimTemplates bound by the agent's local-path provisioner, a
 * partitioned rolling update, and scale-down from the highest ordinal.
 */
class StatefulSetControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NS = "sts";

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static String manifest(int replicas, String version, int partition) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web, namespace: sts}
                spec:
                  replicas: %d
                  serviceName: web
                  podManagementPolicy: OrderedReady
                  updateStrategy:
                    type: RollingUpdate
                    rollingUpdate: {partition: %d}
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata:
                      labels: {app: web}
                      annotations: {version: "%s"}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: busybox
                        command: ["sleep", "100000"]
                        readinessProbe:
                          exec: {command: ["true"]}
                          periodSeconds: 1
                        volumeMounts: [{name: data, mountPath: /data}]
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec:
                      accessModes: [ReadWriteOnce]
                      storageClassName: local-path
                      resources: {requests: {storage: 10Mi}}
                """.formatted(replicas, partition, version);
    }

    private static StatefulSet set() {
        return tug.client().apps().statefulSets().inNamespace(NS).withName("web").get();
    }

    private static Pod pod(String name) {
        return tug.client().pods().inNamespace(NS).withName(name).get();
    }

    private static String revision(Pod pod) {
        return pod.getMetadata().getLabels().get("controller-revision-hash");
    }

    /** Watches the namespace's pods and records, in event order, creations, first readiness and first deletion marks. */
    private static final class PodLog implements Watcher<Pod> {
        final List<String> events = new ArrayList<>();
        final Set<String> readySeen = new HashSet<>();
        final Set<String> deletingSeen = new HashSet<>();
        final Map<String, String> violations = new ConcurrentHashMap<>();

        @Override
        public synchronized void eventReceived(Action action, Pod pod) {
            String name = pod.getMetadata().getName();
            if (action == Action.ADDED) {
                events.add("created " + name);
                readySeen.remove(name); // a new incarnation of a stable name
                deletingSeen.remove(name);
                int ordinal = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
                if (ordinal > 0 && !readySeen.contains("web-" + (ordinal - 1))) {
                    violations.put(name, "created before web-" + (ordinal - 1) + " was Ready; events so far: " + events);
                }
            }
            if (Readiness.isReady(pod) && readySeen.add(name)) {
                events.add("ready " + name);
            }
            if (pod.getMetadata().getDeletionTimestamp() != null && deletingSeen.add(name)) {
                events.add("deleting " + name);
            }
        }

        synchronized List<String> snapshot() {
            return List.copyOf(events);
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    @Test
    void startsInOrderRollsPartitionedAndScalesDownFromTheTop() {
        tug.cluster().createNamespace(NS);
        PodLog log = new PodLog();
        try (Watch watch = tug.client().pods().inNamespace(NS).watch(log)) {
            tug.cluster().apply(manifest(3, "v1", 0));
            tug.cluster().kubectl("rollout", "status", "statefulset/web", "-n", NS, "--timeout=120s").assertOk();

            // ordered start: each ordinal created only after the one below was Ready
            assertThat(log.violations).isEmpty();
            assertThat(log.snapshot().stream().filter(e -> e.startsWith("created")).toList())
                    .containsExactly("created web-0", "created web-1", "created web-2");

            // stable identity, labels, claims bound and mounted
            for (int i = 0; i < 3; i++) {
                int ordinal = i;
                Pod p = pod("web-" + i);
                assertThat(p.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-" + i)
                        .containsEntry("apps.kubernetes.io/pod-index", Integer.toString(i)).containsKey("controller-revision-hash");
                assertThat(p.getSpec().getHostname()).isEqualTo("web-" + i);
                assertThat(p.getSpec().getVolumes()).anyMatch(v -> v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName().equals("data-web-" + ordinal));
                String claim = "data-web-" + i;
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                    PersistentVolumeClaim pvc = tug.client().persistentVolumeClaims().inNamespace(NS).withName(claim).get();
                    assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
                    assertThat(pvc.getMetadata().getOwnerReferences()).isNullOrEmpty(); // retained by default
                });
            }
            StatefulSet s = set();
            assertThat(s.getStatus().getReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision());
            assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
            String v1 = s.getStatus().getCurrentRevision();
            String uid0 = pod("web-0").getMetadata().getUid();
            String uid1 = pod("web-1").getMetadata().getUid();

            // partitioned rolling update: only ordinals >= 2 move to the new revision
            tug.cluster().apply(manifest(3, "v2", 2));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                StatefulSet now = set();
                assertThat(now.getStatus().getUpdateRevision()).isNotEqualTo(v1);
                assertThat(now.getStatus().getUpdatedReplicas()).isEqualTo(1);
                assertThat(now.getStatus().getReadyReplicas()).isEqualTo(3);
                Pod p2 = pod("web-2");
                assertThat(revision(p2)).isEqualTo(now.getStatus().getUpdateRevision());
                assertThat(Readiness.isReady(p2)).isTrue();
            });
            tug.cluster().kubectl("rollout", "status", "statefulset/web", "-n", NS, "--timeout=120s").assertOk();
            assertThat(set().getStatus().getCurrentRevision()).isEqualTo(v1);
            assertThat(revision(pod("web-0"))).isEqualTo(v1);
            assertThat(revision(pod("web-1"))).isEqualTo(v1);
            assertThat(pod("web-0").getMetadata().getUid()).isEqualTo(uid0);
            assertThat(pod("web-1").getMetadata().getUid()).isEqualTo(uid1);

            // scale down: the highest ordinal goes first, one at a time; claims stay
            tug.cluster().kubectl("scale", "statefulset/web", "-n", NS, "--replicas=1").assertOk();
            await().atMost(WAIT).until(() -> tug.client().pods().inNamespace(NS).list().getItems().stream()
                    .map(p -> p.getMetadata().getName()).toList().equals(List.of("web-0")));
            List<String> deletions = log.snapshot().stream().filter(e -> e.startsWith("deleting")).toList();
            assertThat(deletions).containsSubsequence("deleting web-2", "deleting web-1");
            assertThat(deletions.indexOf("deleting web-1")).isGreaterThan(deletions.lastIndexOf("deleting web-2"));
            assertThat(tug.client().persistentVolumeClaims().inNamespace(NS).list().getItems()).hasSize(3);
            tug.cluster().kubectl("rollout", "status", "statefulset/web", "-n", NS, "--timeout=120s").assertOk();
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(set().getStatus().getReplicas()).isEqualTo(1));
        }
    }

    @Test
    void parallelStartsEveryOrdinalAndWhenScaledDeleteRemovesTheClaim() {
        tug.cluster().createNamespace("sts-par");
        String manifest = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: par, namespace: sts-par}
                spec:
                  replicas: 2
                  serviceName: par
                  podManagementPolicy: Parallel
                  updateStrategy: {type: RollingUpdate}
                  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}
                  selector: {matchLabels: {app: par}}
                  template:
                    metadata: {labels: {app: par}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - {name: main, image: busybox, command: ["sleep", "100000"], volumeMounts: [{name: data, mountPath: /data}]}
                  volumeClaimTemplates:
                  - metadata: {name: data}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Mi}}}
                """;
        tug.cluster().apply(manifest);
        tug.cluster().kubectl("rollout", "status", "statefulset/par", "-n", "sts-par", "--timeout=120s").assertOk();
        assertThat(tug.client().persistentVolumeClaims().inNamespace("sts-par").list().getItems()).hasSize(2);
        tug.cluster().kubectl("scale", "statefulset/par", "-n", "sts-par", "--replicas=1").assertOk();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(tug.client().persistentVolumeClaims().inNamespace("sts-par").list().getItems())
                    .extracting(c -> c.getMetadata().getName()).containsExactly("data-par-0");
            assertThat(tug.client().pods().inNamespace("sts-par").list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactly("par-0");
        });
    }
}
