package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tugboat.e2e.support.TugClusterExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The garbage collector against a real `tug up`, driven with kubectl's three cascade modes. Pods here stay
 * unbound (nothing runs them), and a finalizer of the test's own holds pods in place where the order of
 * foreground deletion must be seen.
 */
class GarbageCollectorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOLD = "example.com/hold";

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static String replicaSet(String ns, String name, int replicas, boolean hold) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %1$s
                  namespace: %2$s
                spec:
                  replicas: %3$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                      %4$s
                    spec:
                      containers:
                      - name: main
                        image: busybox
                        command: ["sleep", "100000"]
                """.formatted(name, ns, replicas, hold ? "finalizers: [\"" + HOLD + "\"]" : "");
    }

    private static List<Pod> pods(String ns, String app) {
        return tug.client().pods().inNamespace(ns).withLabel("app", app).list().getItems();
    }

    private static ReplicaSet rs(String ns, String name) {
        return tug.client().apps().replicaSets().inNamespace(ns).withName(name).get();
    }

    private static void startReplicaSet(String ns, String name, int replicas, boolean hold) {
        tug.cluster().apply(replicaSet(ns, name, replicas, hold));
        await().atMost(WAIT).until(() -> pods(ns, name).size() == replicas);
    }

    @Test
    void backgroundDeletionRemovesDependentsAfterTheOwner() {
        tug.cluster().createNamespace("gc-bg");
        startReplicaSet("gc-bg", "bg", 3, false);
        tug.cluster().kubectl("delete", "rs", "bg", "-n", "gc-bg").assertOk();
        assertThat(rs("gc-bg", "bg")).isNull();
        await().atMost(WAIT).until(() -> pods("gc-bg", "bg").isEmpty());

        // a Deployment takes its ReplicaSet, which takes its pods
        tug.cluster().apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: dep, namespace: gc-bg}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: dep}}
                  template:
                    metadata: {labels: {app: dep}}
                    spec:
                      containers: [{name: main, image: busybox, command: ["sleep", "100000"]}]
                """);
        await().atMost(WAIT).until(() -> pods("gc-bg", "dep").size() == 2);
        tug.cluster().kubectl("delete", "deployment", "dep", "-n", "gc-bg").assertOk();
        await().atMost(WAIT).until(() -> pods("gc-bg", "dep").isEmpty()
                && tug.client().apps().replicaSets().inNamespace("gc-bg").withLabel("app", "dep").list().getItems().isEmpty());
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() {
        tug.cluster().createNamespace("gc-fg");
        startReplicaSet("gc-fg", "fg", 2, true);
        tug.cluster().kubectl("delete", "rs", "fg", "-n", "gc-fg", "--cascade=foreground", "--wait=false").assertOk();
        // the pods are deleted first; held by our finalizer, they keep the ReplicaSet waiting
        await().atMost(WAIT).until(() -> pods("gc-fg", "fg").stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
        ReplicaSet waiting = rs("gc-fg", "fg");
        assertThat(waiting).isNotNull();
        assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(waiting.getMetadata().getFinalizers()).contains("foregroundDeletion");

        for (Pod p : pods("gc-fg", "fg")) {
            tug.client().pods().inNamespace("gc-fg").withName(p.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
        }
        await().atMost(WAIT).until(() -> pods("gc-fg", "fg").isEmpty() && rs("gc-fg", "fg") == null);

        // a chain: the Deployment waits for its ReplicaSet, which waits for its pods; kubectl waits for all of it
        tug.cluster().apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: chain, namespace: gc-fg}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: chain}}
                  template:
                    metadata: {labels: {app: chain}}
                    spec:
                      containers: [{name: main, image: busybox, command: ["sleep", "100000"]}]
                """);
        await().atMost(WAIT).until(() -> pods("gc-fg", "chain").size() == 2);
        tug.cluster().kubectl("delete", "deployment", "chain", "-n", "gc-fg", "--cascade=foreground", "--timeout=60s").assertOk();
        assertThat(tug.client().apps().deployments().inNamespace("gc-fg").withName("chain").get()).isNull();
        assertThat(pods("gc-fg", "chain")).isEmpty();
        assertThat(tug.client().apps().replicaSets().inNamespace("gc-fg").withLabel("app", "chain").list().getItems()).isEmpty();
    }

    @Test
    void orphanDeletionLeavesDependentsWithoutTheOwnerReference() {
        tug.cluster().createNamespace("gc-orphan");
        startReplicaSet("gc-orphan", "or", 2, false);
        tug.cluster().kubectl("delete", "rs", "or", "-n", "gc-orphan", "--cascade=orphan").assertOk();
        await().atMost(WAIT).until(() -> rs("gc-orphan", "or") == null);
        List<Pod> left = pods("gc-orphan", "or");
        assertThat(left).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
        });
    }

    @Test
    void anyKindIsCollectedIncludingDependentsOfOwnersThatNeverExisted() {
        tug.cluster().createNamespace("gc-any");
        tug.cluster().kubectl("create", "configmap", "owner", "-n", "gc-any").assertOk();
        String uid = tug.client().configMaps().inNamespace("gc-any").withName("owner").get().getMetadata().getUid();
        String dependent = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: gc-any
                  ownerReferences:
                  - {apiVersion: v1, kind: ConfigMap, name: owner, uid: %s}
                data: {k: v}
                """;
        tug.cluster().apply(dependent.formatted("child", uid));
        tug.cluster().apply(dependent.formatted("ghost-child", "00000000-0000-0000-0000-000000000000"));
        await().atMost(WAIT).until(() -> tug.client().configMaps().inNamespace("gc-any").withName("ghost-child").get() == null);
        ConfigMap child = tug.client().configMaps().inNamespace("gc-any").withName("child").get();
        assertThat(child).as("an owner that exists keeps its dependent").isNotNull();

        tug.cluster().kubectl("delete", "configmap", "owner", "-n", "gc-any").assertOk();
        await().atMost(WAIT).until(() -> tug.client().configMaps().inNamespace("gc-any").withName("child").get() == null);
    }
}
