package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.tugboat.controllers.support.Pods;
import java.time.Duration;
import java.util.Optional;

/** kube's recreate.go: every old pod gone (not merely terminating) before the new ReplicaSet grows. */
final class Recreate {

    private final NewReplicaSets newReplicaSets;
    private final ReplicaSetWriter writer;
    private final Progress progress;
    private final HistoryCleanup cleanup;

    Recreate(NewReplicaSets newReplicaSets, ReplicaSetWriter writer, Progress progress, HistoryCleanup cleanup) {
        this.newReplicaSets = newReplicaSets;
        this.writer = writer;
        this.progress = progress;
        this.cleanup = cleanup;
    }

    Optional<Duration> rollout(Rollout r) {
        newReplicaSets.sync(r, false);
        boolean scaledDown = false;
        for (ReplicaSet rs : r.activeOld()) {
            writer.scale(r, rs, 0);
            scaledDown = true;
        }
        if (scaledDown || oldPodsRunning(r)) {
            return progress.syncRolloutStatus(r);
        }
        if (r.newRS == null) {
            newReplicaSets.sync(r, true);
        }
        writer.scale(r, r.newRS, Deployments.replicas(r.deployment));
        DeploymentStatus recorded = r.deployment.getStatus() == null ? new DeploymentStatus() : r.deployment.getStatus();
        if (Progress.complete(r.deployment, recorded)) {
            cleanup.cleanup(r);
        }
        return progress.syncRolloutStatus(r);
    }

    /** Old pods still exist in any phase but a finished one, terminating ones included. */
    private static boolean oldPodsRunning(Rollout r) {
        if (Deployments.sumStatus(r.old) > 0) {
            return true;
        }
        return r.old.stream().flatMap(rs -> r.podsOf(rs).stream()).anyMatch(p -> {
            String phase = Pods.phase(p);
            return !phase.equals("Succeeded") && !phase.equals("Failed");
        });
    }
}
