package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Pod events of a controller that owns pods through controller references (kube's addPod, updatePod and
 * deletePod): a pod's owner is queued, and the pod's appearance or going counts toward that owner's
 * expectations; a pod without a controller queues the owners whose selectors match it, since one of them may
 * adopt it; a pod whose controller reference changed queues its old owner too, which may have to replace it.
 * A pod being deleted counts as deleted at once, so that its replacement is not held back by its grace period.
 */
public final class OwnedPodEvents<T extends HasMetadata> implements ResourceEventHandler<Pod> {

    /**
     * Where the controllers' pod handling differs (as kube's controllers differ among themselves).
     *
     * @param relabelledDeletionTellsOldOwner a pod being deleted whose labels changed is also reported deleted
     *                                        to the owner of its old version (kube's ReplicaSet controller)
     * @param orphansRequeuedOnEveryUpdate    every update of a pod without a controller queues the owners that
     *                                        match it, not only one that changed its labels or controller
     *                                        reference (which also retries an adoption lost to a conflict)
     * @param minReadySeconds                 when above 0, an owned pod that turns ready queues its owner again
     *                                        once it has been ready that long (plus a second against clock skew)
     */
    public record Rules<T>(boolean relabelledDeletionTellsOldOwner, boolean orphansRequeuedOnEveryUpdate,
                           ToIntFunction<T> minReadySeconds) {

        /** The ReplicaSet controller's: kube's. */
        public static <T> Rules<T> replicaSets(ToIntFunction<T> minReadySeconds) {
            return new Rules<>(true, false, minReadySeconds);
        }

        /** The StatefulSet and DaemonSet controllers': orphans requeued on every update; minReadySeconds left to the sync. */
        public static <T> Rules<T> statefulSetsAndDaemonSets() {
            return new Rules<>(false, true, owner -> 0);
        }
    }

    private final ControllerOwners<T> owners;
    private final Expectations<ObjectKey> expectations;
    private final ControllerLoop<ObjectKey> loop;
    private final Rules<T> rules;

    public OwnedPodEvents(ControllerOwners<T> owners, Expectations<ObjectKey> expectations, ControllerLoop<ObjectKey> loop, Rules<T> rules) {
        this.owners = owners;
        this.expectations = expectations;
        this.loop = loop;
        this.rules = rules;
    }

    @Override
    public void onAdd(Pod pod) {
        if (Owners.isDeleting(pod)) {
            // seen for the first time on its way out (the controller restarted): it must not count as a creation
            onDelete(pod, false);
            return;
        }
        if (Owners.controllerOf(pod).isPresent()) {
            owners.controllerOf(pod).ifPresent(owner -> {
                expectations.creationObserved(ObjectKey.of(owner));
                loop.enqueue(ObjectKey.of(owner));
            });
            return;
        }
        enqueueMatching(pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
        if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
            return; // a resync: nothing changed
        }
        boolean labelsChanged = !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
        if (Owners.isDeleting(after)) {
            onDelete(after, false);
            if (labelsChanged && rules.relabelledDeletionTellsOldOwner()) {
                onDelete(before, false);
            }
            return;
        }
        Optional<OwnerReference> beforeRef = Owners.controllerOf(before);
        Optional<OwnerReference> afterRef = Owners.controllerOf(after);
        boolean refChanged = !beforeRef.map(OwnerReference::getUid).equals(afterRef.map(OwnerReference::getUid));
        if (refChanged && beforeRef.isPresent()) {
            owners.controllerOf(before).ifPresent(owner -> loop.enqueue(ObjectKey.of(owner)));
        }
        if (afterRef.isPresent()) {
            owners.controllerOf(after).ifPresent(owner -> {
                loop.enqueue(ObjectKey.of(owner));
                int minReady = rules.minReadySeconds().applyAsInt(owner);
                if (minReady > 0 && !Pods.isReady(before) && Pods.isReady(after)) {
                    loop.enqueueAfter(ObjectKey.of(owner), Duration.ofSeconds(minReady + 1L));
                }
            });
            return;
        }
        if (labelsChanged || refChanged || rules.orphansRequeuedOnEveryUpdate()) {
            enqueueMatching(after);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
        owners.controllerOf(pod).ifPresent(owner -> {
            expectations.deletionObserved(ObjectKey.of(owner), Pods.key(pod));
            loop.enqueue(ObjectKey.of(owner));
        });
    }

    private void enqueueMatching(Pod orphan) {
        owners.matching(orphan).forEach(owner -> loop.enqueue(ObjectKey.of(owner)));
    }
}
