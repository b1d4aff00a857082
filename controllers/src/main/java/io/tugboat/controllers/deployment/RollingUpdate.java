package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kube's rolling.go: grow the new ReplicaSet within maxSurge, then shrink old ones within maxUnavailable,
 * one step per sync; the pod and ReplicaSet events of each step trigger the next.
 */
final class RollingUpdate {

    private final NewReplicaSets newReplicaSets;
    private final ReplicaSetWriter writer;
    private final Progress progress;
    private final HistoryCleanup cleanup;
    private final Clock clock;

    RollingUpdate(NewReplicaSets newReplicaSets, ReplicaSetWriter writer, Progress progress, HistoryCleanup cleanup, Clock clock) {
        this.newReplicaSets = newReplicaSets;
        this.writer = writer;
        this.progress = progress;
        this.cleanup = cleanup;
        this.clock = clock;
    }

    Optional<Duration> rollout(Rollout r) {
        newReplicaSets.sync(r, true);
        if (scaleUpNew(r)) {
            return progress.syncRolloutStatus(r);
        }
        if (scaleDownOld(r)) {
            return progress.syncRolloutStatus(r);
        }
        if (Progress.complete(r.deployment, progress.calculate(r))) {
            cleanup.cleanup(r);
        }
        return progress.syncRolloutStatus(r);
    }

    /** kube's reconcileNewReplicaSet. */
    private boolean scaleUpNew(Rollout r) {
        int desired = Deployments.replicas(r.deployment);
        int size = Deployments.specReplicas(r.newRS);
        if (size == desired) {
            return false;
        }
        if (size > desired) {
            writer.scale(r, r.newRS, desired);
            return true;
        }
        int target = ScaleMath.newReplicaSetReplicas(r, r.newRS);
        if (target == size) {
            return false;
        }
        writer.scale(r, r.newRS, target);
        return true;
    }

    /** kube's reconcileOldReplicaSets. */
    private boolean scaleDownOld(Rollout r) {
        if (Deployments.sumSpec(r.old) == 0) {
            return false;
        }
        int desired = Deployments.replicas(r.deployment);
        int maxUnavailable = Surge.of(r.deployment).unavailable();
        int maxScaledDown = ScaleMath.maxScaledDown(Deployments.sumSpec(r.all()), desired, maxUnavailable,
                Deployments.specReplicas(r.newRS), Deployments.availableReplicas(r.newRS));
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = cleanupUnhealthy(r, maxScaledDown);
        int scaled = scaleDownForRollingUpdate(r, desired - maxUnavailable);
        return cleaned + scaled > 0;
    }

    /** Old pods that are not available go first: removing them costs no availability. */
    private int cleanupUnhealthy(Rollout r, int maxCleanup) {
        List<ReplicaSet> byAge = new ArrayList<>(r.old);
        byAge.sort(ReplicaSetOrder.OLDEST_FIRST);
        int total = 0;
        for (ReplicaSet rs : byAge) {
            if (total >= maxCleanup) {
                break;
            }
            int size = Deployments.specReplicas(rs);
            if (size == 0) {
                continue;
            }
            int unhealthy = size - Math.min(Deployments.availableReplicas(rs), size);
            if (unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxCleanup - total, unhealthy);
            writer.scale(r, rs, size - down);
            total += down;
        }
        return total;
    }

    /**
     * Available pods above the minimum may go. A ReplicaSet's available count is capped at its size, and the
     * pods themselves are counted too, taking the lower: a shrunk ReplicaSet whose status still reports the pod
     * it is removing must not make that pod count twice.
     */
    private int scaleDownForRollingUpdate(Rollout r, int minAvailable) {
        List<ReplicaSet> all = r.all();
        int fromStatus = all.stream().mapToInt(rs -> Math.min(Deployments.availableReplicas(rs), Deployments.specReplicas(rs))).sum();
        int fromPods = r.availablePods(all, Deployments.minReadySeconds(r.deployment), clock.instant());
        int available = Math.min(fromStatus, fromPods);
        if (available <= minAvailable) {
            return 0;
        }
        int budget = available - minAvailable;
        List<ReplicaSet> byAge = new ArrayList<>(r.old);
        byAge.sort(ReplicaSetOrder.OLDEST_FIRST);
        int total = 0;
        for (ReplicaSet rs : byAge) {
            if (total >= budget) {
                break;
            }
            int size = Deployments.specReplicas(rs);
            if (size == 0) {
                continue;
            }
            int down = Math.min(size, budget - total);
            writer.scale(r, rs, size - down);
            total += down;
        }
        return total;
    }
}
