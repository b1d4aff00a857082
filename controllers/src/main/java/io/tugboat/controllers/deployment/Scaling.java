package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube's sync.go for a Deployment that is paused or only changed its replicas: resize without rolling, and
 * spread a change over the ReplicaSets of a rollout in progress in proportion to their sizes.
 */
final class Scaling {

    private final NewReplicaSets newReplicaSets;
    private final ReplicaSetWriter writer;
    private final Progress progress;
    private final HistoryCleanup cleanup;

    Scaling(NewReplicaSets newReplicaSets, ReplicaSetWriter writer, Progress progress, HistoryCleanup cleanup) {
        this.newReplicaSets = newReplicaSets;
        this.writer = writer;
        this.progress = progress;
        this.cleanup = cleanup;
    }

    /** Whether some active ReplicaSet was sized for a different replica count than the Deployment's now. */
    static boolean isScalingEvent(Rollout r) {
        int desired = Deployments.replicas(r.deployment);
        for (ReplicaSet rs : r.all()) {
            if (Deployments.specReplicas(rs) == 0) {
                continue;
            }
            int annotated = Revisions.desiredReplicas(rs);
            if (annotated >= 0 && annotated != desired) {
                return true;
            }
        }
        return false;
    }

    Optional<Duration> sync(Rollout r) {
        newReplicaSets.sync(r, false);
        scale(r);
        if (Deployments.paused(r.deployment)) {
            cleanup.cleanup(r);
        }
        return progress.syncStatus(r);
    }

    private void scale(Rollout r) {
        Deployment d = r.deployment;
        int desired = Deployments.replicas(d);
        List<ReplicaSet> active = r.all().stream().filter(rs -> Deployments.specReplicas(rs) > 0).toList();
        ReplicaSet only = activeOrLatest(r, active);
        if (only != null) {
            writer.scale(r, only, desired);
            return;
        }
        if (saturated(d, r.newRS)) {
            for (ReplicaSet rs : r.activeOld()) {
                writer.scale(r, rs, 0);
            }
            return;
        }
        if (!Deployments.isRollingUpdate(d)) {
            return;
        }
        int surge = Surge.of(d).surge();
        int allowed = desired > 0 ? desired + surge : 0;
        int toAdd = allowed - Deployments.sumSpec(active);
        List<ReplicaSet> ordered = new ArrayList<>(active);
        ordered.sort(toAdd > 0 ? ReplicaSetOrder.LARGEST_NEWEST_FIRST : ReplicaSetOrder.LARGEST_OLDEST_FIRST);
        Map<String, Integer> sizes = new HashMap<>();
        int added = 0;
        for (ReplicaSet rs : ordered) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, d, surge, toAdd, added);
            sizes.put(rs.getMetadata().getUid(), Deployments.specReplicas(rs) + proportion);
            added += proportion;
        }
        for (int i = 0; i < ordered.size(); i++) {
            ReplicaSet rs = ordered.get(i);
            int size = sizes.get(rs.getMetadata().getUid());
            if (i == 0 && toAdd != 0) {
                size = Math.max(0, size + toAdd - added); // the leftover goes to the largest
            }
            writer.scale(r, rs, size);
        }
    }

    /** kube's FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active; null when several are. */
    private static ReplicaSet activeOrLatest(Rollout r, List<ReplicaSet> active) {
        if (active.size() == 1) {
            return active.get(0);
        }
        if (!active.isEmpty()) {
            return null;
        }
        if (r.newRS != null) {
            return r.newRS;
        }
        return r.old.stream().min(ReplicaSetOrder.NEWEST_FIRST).orElse(null);
    }

    private static boolean saturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        int desired = Deployments.replicas(d);
        return Revisions.desiredReplicas(rs) == desired && Deployments.specReplicas(rs) == desired
                && Deployments.availableReplicas(rs) == desired;
    }

    /** kube's GetProportion: this ReplicaSet's share of the change, within what is left to hand out. */
    static int proportion(ReplicaSet rs, Deployment d, int surge, int toAdd, int added) {
        if (Deployments.specReplicas(rs) == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d, surge);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d, int surge) {
        int size = Deployments.specReplicas(rs);
        int desired = Deployments.replicas(d);
        if (desired == 0) {
            return -size;
        }
        int annotated = Revisions.maxReplicas(rs);
        if (annotated < 0) {
            annotated = d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
        }
        if (annotated <= 0) {
            return 0;
        }
        double newSize = (double) size * (desired + surge) / annotated;
        return (int) Math.round(newSize) - size;
    }
}
