package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Pods;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A StatefulSet's status from its member pods (kube's updateStatefulSet status counting and
 * completeRollingUpdate): once every pod runs the update revision and is ready, the update revision becomes
 * the current one, which is what `kubectl rollout status` waits for.
 */
final class StatefulSetStatuses {

    private StatefulSetStatuses() {
    }

    static StatefulSetStatus calculate(StatefulSet set, List<Pod> members, String currentRevision, String updateRevision, Instant now) {
        int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int current = 0;
        int updated = 0;
        for (Pod pod : members) {
            replicas++;
            if (SetPlanner.isRunningAndReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
            if (!Owners.isDeleting(pod)) {
                String revision = StatefulPods.revisionOf(pod);
                if (Objects.equals(revision, currentRevision)) {
                    current++;
                }
                if (Objects.equals(revision, updateRevision)) {
                    updated++;
                }
            }
        }
        int specReplicas = specReplicas(set);
        String newCurrent = currentRevision;
        if (updated == specReplicas && replicas == specReplicas && ready == specReplicas) {
            // the roll is over (kube's completeRollingUpdate; we apply it to OnDelete too, so its status settles)
            newCurrent = updateRevision;
            current = updated;
        }
        return new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withCurrentReplicas(current)
                .withUpdatedReplicas(updated)
                .withCurrentRevision(newCurrent)
                .withUpdateRevision(updateRevision)
                .withCollisionCount(set.getStatus() == null ? null : set.getStatus().getCollisionCount())
                .withConditions(set.getStatus() == null ? null : set.getStatus().getConditions())
                .build();
    }

    static int specReplicas(StatefulSet set) {
        return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    }
}
