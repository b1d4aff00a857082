package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;

/** Defaults-aware reads of Deployment and ReplicaSet fields, for objects the API may not have defaulted. */
final class Deployments {

    static final int DEFAULT_HISTORY_LIMIT = 10;
    static final int DEFAULT_PROGRESS_DEADLINE = 600;

    private Deployments() {
    }

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getType() == null
                || "RollingUpdate".equals(d.getSpec().getStrategy().getType());
    }

    static boolean paused(Deployment d) {
        return Boolean.TRUE.equals(d.getSpec().getPaused());
    }

    static int minReadySeconds(Deployment d) {
        return d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
    }

    static int historyLimit(Deployment d) {
        return d.getSpec().getRevisionHistoryLimit() == null ? DEFAULT_HISTORY_LIMIT : d.getSpec().getRevisionHistoryLimit();
    }

    /** The deadline in seconds, or -1 when there is none (kube's MaxInt32 sentinel means none too). */
    static int progressDeadline(Deployment d) {
        Integer s = d.getSpec().getProgressDeadlineSeconds();
        if (s == null) {
            return DEFAULT_PROGRESS_DEADLINE;
        }
        return s == Integer.MAX_VALUE ? -1 : s;
    }

    static long generation(Deployment d) {
        return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    }

    static int specReplicas(ReplicaSet rs) {
        return rs == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    static int statusReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
    }

    static int readyReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    static int availableReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
    }

    static int sumSpec(Collection<ReplicaSet> sets) {
        return sets.stream().mapToInt(Deployments::specReplicas).sum();
    }

    static int sumStatus(Collection<ReplicaSet> sets) {
        return sets.stream().mapToInt(Deployments::statusReplicas).sum();
    }
}
