package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.tugboat.controllers.ControllerManager;
import io.tugboat.e2e.support.LivePods;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.TugCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ReplicaSet controller against a real `tug up`, run in this JVM through a client built from the
 * cluster's kubeconfig, driven with the real kubectl. Pods that must run name the cluster's node (there is
 * no scheduler yet); pods that need not run stay unbound. The controllers run under leader election here, and
 * the last test hands the lease to a second manager.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaSetControllerTest {

    /** The controllers run in this test, under leader election between two managers, not in the cluster. */
    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp("--disable-controllers");

    private static ControllerManager controllers;
    private static ControllerManager standby;

    @BeforeAll
    static void startTheControllers() {
        controllers = ControllerManager.startWithLeaderElection(tug.client(), "server-a");
        await().atMost(Duration.ofSeconds(60)).until(controllers::isLeading);
    }

    @AfterAll
    static void stopTheControllers() {
        if (standby != null) {
            standby.close();
        }
        if (controllers != null) {
            controllers.close();
        }
    }

    private static String replicaSet(String ns, String name, int replicas, boolean bound) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s, tier: web}
                    spec:
                      %s
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: busybox
                        command: ["sleep", "100000"]
                """.formatted(name, ns, replicas, name, name, bound ? "nodeName: " + TugCluster.NODE_NAME : "");
    }

    private static List<Pod> activePods(String ns, String app) {
        return LivePods.withApp(tug.client(), ns, app);
    }

    private static ReplicaSet rs(String ns, String name) {
        return tug.client().apps().replicaSets().inNamespace(ns).withName(name).get();
    }

    @Test
    @Order(1)
    void keepsReplicasRunningWithControllerReferencesAndStatus() {
        tug.cluster().createNamespace("rs-basic");
        tug.cluster().apply(replicaSet("rs-basic", "web", 3, true));
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ReplicaSet rs = rs("rs-basic", "web");
            assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
            assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(rs.getMetadata().getGeneration());
        });
        ReplicaSet rs = rs("rs-basic", "web");
        List<Pod> pods = activePods("rs-basic", "web");
        assertThat(pods).hasSize(3);
        for (Pod p : pods) {
            assertThat(p.getMetadata().getName()).startsWith("web-");
            OwnerReference ref = p.getMetadata().getOwnerReferences().get(0);
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
            assertThat(p.getMetadata().getLabels()).containsEntry("tier", "web");
        }
        assertThat(tug.cluster().kubectl("get", "rs", "web", "-n", "rs-basic").assertOk().stdout()).containsPattern("web\\s+3\\s+3\\s+3");

        // a deleted pod is replaced
        String victim = pods.get(0).getMetadata().getName();
        tug.cluster().kubectl("delete", "pod", victim, "-n", "rs-basic", "--wait=false").assertOk();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Pod> now = activePods("rs-basic", "web");
            assertThat(now).hasSize(3);
            assertThat(now).extracting(p -> p.getMetadata().getName()).doesNotContain(victim);
        });

        // scaled up and down with kubectl
        tug.cluster().kubectl("scale", "rs", "web", "-n", "rs-basic", "--replicas=5").assertOk();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> activePods("rs-basic", "web").size() == 5
                && rs("rs-basic", "web").getStatus().getReadyReplicas() == 5);
        tug.cluster().kubectl("scale", "rs", "web", "-n", "rs-basic", "--replicas=1").assertOk();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> activePods("rs-basic", "web").size() == 1
                && rs("rs-basic", "web").getStatus().getReplicas() == 1);
    }

    @Test
    @Order(2)
    void createsExactlyTheCountEvenInABurst() throws Exception {
        tug.cluster().createNamespace("rs-burst");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger maxActive = new AtomicInteger();
        Set<String> active = ConcurrentHashMap.newKeySet();
        try (Watch watch = tug.client().pods().inNamespace("rs-burst").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                seen.add(name);
                if (action == Action.DELETED || pod.getMetadata().getDeletionTimestamp() != null) {
                    active.remove(name);
                } else {
                    active.add(name);
                }
                maxActive.accumulateAndGet(active.size(), Math::max);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            // unbound pods: nothing runs them, so this is the controller and the API alone
            tug.cluster().apply(replicaSet("rs-burst", "many", 40, false));
            await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> rs("rs-burst", "many").getStatus() != null
                    && rs("rs-burst", "many").getStatus().getReplicas() == 40);
            tug.cluster().kubectl("scale", "rs", "many", "-n", "rs-burst", "--replicas=25").assertOk();
            await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> activePods("rs-burst", "many").size() == 25);
            Thread.sleep(2000); // long enough for a controller acting on a stale cache to have over-created
            assertThat(activePods("rs-burst", "many")).hasSize(25);
            assertThat(seen).as("pods ever created").hasSize(40);
            assertThat(maxActive.get()).isEqualTo(40);
        }
    }

    @Test
    @Order(3)
    void adoptsMatchingOrphansAndReleasesPodsThatStopMatching() throws InterruptedException {
        tug.cluster().createNamespace("rs-claim");
        tug.cluster().apply("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: stray
                  namespace: rs-claim
                  labels: {app: claim}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: ["sleep", "100000"]
                """);
        tug.cluster().apply(replicaSet("rs-claim", "claim", 2, false));
        String uid = await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> rs("rs-claim", "claim"), r -> r != null).getMetadata().getUid();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Pod stray = tug.client().pods().inNamespace("rs-claim").withName("stray").get();
            assertThat(stray.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(r -> assertThat(r.getUid()).isEqualTo(uid));
            assertThat(activePods("rs-claim", "claim")).hasSize(2);
        });
        Thread.sleep(1000);
        assertThat(activePods("rs-claim", "claim")).as("the orphan counted: one created, not two").hasSize(2);

        // relabelled: released, and replaced
        tug.cluster().kubectl("label", "pod", "stray", "-n", "rs-claim", "app=elsewhere", "--overwrite").assertOk();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Pod stray = tug.client().pods().inNamespace("rs-claim").withName("stray").get();
            assertThat(stray.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(activePods("rs-claim", "claim")).hasSize(2);
        });
    }

    @Test
    @Order(4)
    void everyNamespaceGetsADefaultServiceAccount() {
        tug.cluster().createNamespace("sa-check");
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() ->
                tug.client().serviceAccounts().inNamespace("sa-check").withName("default").get() != null);
        tug.cluster().kubectl("delete", "serviceaccount", "default", "-n", "sa-check").assertOk();
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() ->
                tug.client().serviceAccounts().inNamespace("sa-check").withName("default").get() != null);
    }

    @Test
    @Order(5)
    void onlyTheLeaseHolderActsAndAnotherTakesOverWhenItStops() {
        standby = ControllerManager.startWithLeaderElection(tug.client(), "server-b");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> controllers.isLeading() && !standby.isLeading());
        assertThat(tug.cluster().kubectl("get", "lease", ControllerManager.LEASE_NAME, "-n", ControllerManager.LEASE_NAMESPACE,
                "-o", "jsonpath={.spec.holderIdentity}").assertOk().stdout()).isEqualTo("server-a");

        controllers.close(); // releases the lease
        await().atMost(Duration.ofSeconds(30)).until(standby::isLeading);
        assertThat(tug.cluster().kubectl("get", "lease", ControllerManager.LEASE_NAME, "-n", ControllerManager.LEASE_NAMESPACE,
                "-o", "jsonpath={.spec.holderIdentity}").assertOk().stdout()).isEqualTo("server-b");

        // and the new leader's controllers work
        tug.cluster().kubectl("scale", "rs", "web", "-n", "rs-basic", "--replicas=2").assertOk();
        await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> activePods("rs-basic", "web").size() == 2
                && rs("rs-basic", "web").getStatus().getReadyReplicas() == 2);
    }
}
