package io.tugboat.controllers.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which owners a pod event queues, and what it tells their expectations, under both sets of rules. */
class OwnedPodEventsTest {

    private static final Map<String, String> WEB = Map.of("app", "web");

    private final CacheImpl<ReplicaSet> cache = new CacheImpl<>();
    private final ControllerOwners<ReplicaSet> owners = new ControllerOwners<>(cache, "ReplicaSet", rs -> rs.getSpec().getSelector());
    private final Expectations<ObjectKey> expectations = new Expectations<>(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Expectations.DEFAULT_TTL);
    private final List<ObjectKey> reconciled = new CopyOnWriteArrayList<>();
    private final ControllerLoop<ObjectKey> loop = new ControllerLoop<>("test", 1);

    private final ReplicaSet web = owner("web", "uid-web", WEB, 0);
    private final ReplicaSet other = owner("other", "uid-other", Map.of("app", "other"), 0);

    OwnedPodEventsTest() {
        cache.put(web);
        cache.put(other);
        cache.put(new ReplicaSetBuilder(owner("web", "uid-elsewhere", WEB, 0)).editMetadata().withNamespace("elsewhere").endMetadata().build());
        loop.start(key -> {
            reconciled.add(key);
            return Optional.empty();
        });
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private OwnedPodEvents<ReplicaSet> replicaSetRules() {
        return new OwnedPodEvents<>(owners, expectations, loop, OwnedPodEvents.Rules.replicaSets(rs -> rs.getSpec().getMinReadySeconds()));
    }

    private OwnedPodEvents<ReplicaSet> setRules() {
        return new OwnedPodEvents<>(owners, expectations, loop, OwnedPodEvents.Rules.statefulSetsAndDaemonSets());
    }

    @Test
    void aCreatedPodIsObservedAndQueuesItsOwner() throws Exception {
        expectations.expectCreations(key(web), 1);
        replicaSetRules().onAdd(pod("p", "1", WEB, web));
        assertThat(queued()).containsOnly(key(web));
        assertThat(expectations.satisfied(key(web))).isTrue();
    }

    @Test
    void aPodFirstSeenBeingDeletedCountsAsADeletionNotACreation() throws Exception {
        Pod pod = deleting(pod("p", "1", WEB, web));
        expectations.expectDeletions(key(web), List.of(Pods.key(pod)));
        replicaSetRules().onAdd(pod);
        assertThat(queued()).containsOnly(key(web));
        assertThat(expectations.satisfied(key(web))).isTrue();
    }

    @Test
    void aReferenceToANamesakeWithAnotherUidQueuesNothing() throws Exception {
        expectations.expectCreations(key(web), 1);
        replicaSetRules().onAdd(pod("p", "1", WEB, owner("web", "uid-gone", WEB, 0)));
        assertThat(queued()).isEmpty();
        assertThat(expectations.satisfied(key(web))).isFalse();
    }

    @Test
    void anOrphanQueuesTheOwnersInItsNamespaceThatMatchIt() throws Exception {
        replicaSetRules().onAdd(pod("p", "1", WEB, null));
        assertThat(queued()).containsOnly(key(web));
    }

    @Test
    void aDeletedPodIsObservedAndQueuesItsOwner() throws Exception {
        Pod pod = pod("p", "1", WEB, web);
        expectations.expectDeletions(key(web), List.of(Pods.key(pod)));
        setRules().onDelete(pod, false);
        assertThat(queued()).containsOnly(key(web));
        assertThat(expectations.satisfied(key(web))).isTrue();
    }

    @Test
    void aResyncQueuesNothing() throws Exception {
        Pod pod = pod("p", "1", WEB, null);
        replicaSetRules().onUpdate(pod, pod);
        setRules().onUpdate(pod, pod);
        assertThat(queued()).isEmpty();
    }

    @Test
    void aPodThatTurnsDeletingCountsAsDeleted() throws Exception {
        Pod before = pod("p", "1", WEB, web);
        expectations.expectDeletions(key(web), List.of(Pods.key(before)));
        setRules().onUpdate(before, deleting(pod("p", "2", WEB, web)));
        assertThat(queued()).containsOnly(key(web));
        assertThat(expectations.satisfied(key(web))).isTrue();
    }

    @Test
    void aReleasedPodQueuesItsOldOwnerAndThoseThatMayAdoptIt() throws Exception {
        replicaSetRules().onUpdate(pod("p", "1", WEB, web), pod("p", "2", WEB, null));
        assertThat(queued()).containsOnly(key(web));
        setRules().onUpdate(pod("p", "1", WEB, other), pod("p", "2", WEB, null));
        assertThat(queued()).containsOnly(key(other), key(web));
    }

    @Test
    void anUnchangedOrphanRequeuesMatchingOwnersOnlyUnderTheSetRules() throws Exception {
        replicaSetRules().onUpdate(pod("p", "1", WEB, null), pod("p", "2", WEB, null));
        assertThat(queued()).isEmpty();
        setRules().onUpdate(pod("p", "1", WEB, null), pod("p", "2", WEB, null));
        assertThat(queued()).containsOnly(key(web));
    }

    @Test
    void aRelabelledOrphanRequeuesMatchingOwnersUnderBothRules() throws Exception {
        replicaSetRules().onUpdate(pod("p", "1", Map.of(), null), pod("p", "2", WEB, null));
        assertThat(queued()).containsOnly(key(web));
    }

    @Test
    void aRelabelledPodBeingDeletedTellsItsOldOwnerOnlyUnderTheReplicaSetRules() throws Exception {
        Pod before = pod("p", "1", WEB, other);
        Pod after = deleting(pod("p", "2", Map.of("app", "moved"), web));
        setRules().onUpdate(before, after);
        assertThat(queued()).containsOnly(key(web));
        replicaSetRules().onUpdate(before, after);
        assertThat(queued()).containsOnly(key(web), key(other));
    }

    @Test
    void anOwnedPodTurningReadyRequeuesItsOwnerAfterMinReadySecondsUnderTheReplicaSetRules() throws Exception {
        ReplicaSet slow = owner("slow", "uid-slow", Map.of("app", "slow"), 1);
        cache.put(slow);
        replicaSetRules().onUpdate(pod("p", "1", Map.of("app", "slow"), slow), ready(pod("p", "2", Map.of("app", "slow"), slow)));
        // at once, and again 2 s later (awaitIdle waits for the delayed add too)
        assertThat(queued()).containsExactly(key(slow), key(slow));
        setRules().onUpdate(pod("p", "1", Map.of("app", "slow"), slow), ready(pod("p", "2", Map.of("app", "slow"), slow)));
        assertThat(queued()).containsExactly(key(slow));
    }

    /** The keys reconciled since the last call, once the queue is idle (a key added twice in a row may be reconciled once or twice). */
    private List<ObjectKey> queued() throws InterruptedException {
        assertThat(loop.awaitIdle(Duration.ofSeconds(10))).isTrue();
        List<ObjectKey> seen = new ArrayList<>(reconciled);
        reconciled.clear();
        return seen;
    }

    private static ObjectKey key(ReplicaSet rs) {
        return ObjectKey.of(rs);
    }

    private static ReplicaSet owner(String name, String uid, Map<String, String> selector, int minReadySeconds) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withNamespace("ns").withName(name).withUid(uid).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(selector).endSelector().withMinReadySeconds(minReadySeconds).endSpec()
                .build();
    }

    private static Pod pod(String name, String resourceVersion, Map<String, String> labels, ReplicaSet controller) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName(name)
                .withResourceVersion(resourceVersion).withLabels(labels).endMetadata();
        if (controller != null) {
            pod.editMetadata().withOwnerReferences(Owners.controllerRef(new ReplicaSetBuilder(controller)
                    .withApiVersion("apps/v1").withKind("ReplicaSet").build())).endMetadata();
        }
        return pod.build();
    }

    private static Pod deleting(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build();
    }

    private static Pod ready(Pod pod) {
        return new PodBuilder(pod).withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }
}
