package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.tugboat.controllers.support.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's status from its ReplicaSets (kube's progress.go and calculateStatus): the counts, Available,
 * and Progressing against progressDeadlineSeconds. Returns when to look again for a deadline that may pass
 * with no event to tell us.
 */
final class Progress {

    private final ReplicaSetWriter writer;
    private final Clock clock;

    Progress(ReplicaSetWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    DeploymentStatus calculate(Rollout r) {
        Deployment d = r.deployment;
        List<ReplicaSet> all = r.all();
        DeploymentStatus status = NewReplicaSets.copy(d.getStatus());
        int available = all.stream().mapToInt(Deployments::availableReplicas).sum();
        status.setObservedGeneration(Deployments.generation(d));
        status.setReplicas(Deployments.sumStatus(all));
        status.setUpdatedReplicas(Deployments.statusReplicas(r.newRS));
        status.setReadyReplicas(all.stream().mapToInt(Deployments::readyReplicas).sum());
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(Math.max(0, Deployments.sumSpec(all) - available));
        Instant now = clock.instant();
        if (available >= Deployments.replicas(d) - Surge.of(d).unavailable()) {
            Conditions.set(status, Conditions.make(Conditions.AVAILABLE, "True", Conditions.MIN_AVAILABLE,
                    "Deployment has minimum availability.", now));
        } else {
            Conditions.set(status, Conditions.make(Conditions.AVAILABLE, "False", Conditions.MIN_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /** kube's DeploymentComplete: every desired pod is updated and available, and no old one is left. */
    static boolean complete(Deployment d, DeploymentStatus s) {
        int desired = Deployments.replicas(d);
        return n(s.getUpdatedReplicas()) == desired && n(s.getReplicas()) == desired && n(s.getAvailableReplicas()) == desired
                && n(s.getObservedGeneration()) >= Deployments.generation(d);
    }

    /** Status only, for paused Deployments and scaling (kube's syncDeploymentStatus). */
    Optional<Duration> syncStatus(Rollout r) {
        DeploymentStatus status = calculate(r);
        if (!same(r.deployment.getStatus(), status)) {
            r.deployment = writer.updateStatus(r.deployment, status);
        }
        return Optional.empty();
    }

    /** kube's syncRolloutStatus. */
    Optional<Duration> syncRolloutStatus(Rollout r) {
        Deployment d = r.deployment;
        DeploymentStatus status = calculate(r);
        int deadline = Deployments.progressDeadline(d);
        if (deadline < 0) {
            Conditions.remove(status, Conditions.PROGRESSING);
        }
        Optional<DeploymentCondition> current = Conditions.get(status, Conditions.PROGRESSING);
        boolean timedOutAlready = current.map(c -> Conditions.TIMED_OUT.equals(c.getReason())).orElse(false);
        String rsName = r.newRS == null ? "" : r.newRS.getMetadata().getName();
        Instant now = clock.instant();
        if (deadline >= 0 && !timedOutAlready) {
            if (complete(d, status)) {
                Conditions.set(status, Conditions.make(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE,
                        "ReplicaSet \"" + rsName + "\" has successfully progressed.", now));
            } else if (progressing(d, status)) {
                DeploymentCondition c = Conditions.make(Conditions.PROGRESSING, "True", Conditions.RS_UPDATED,
                        "ReplicaSet \"" + rsName + "\" is progressing.", now);
                if (current.isPresent() && "True".equals(current.get().getStatus())) {
                    c.setLastTransitionTime(current.get().getLastTransitionTime());
                }
                // replaced outright, unlike set(): the update time is what the deadline is measured from
                Conditions.remove(status, Conditions.PROGRESSING);
                Conditions.set(status, c);
            } else if (timedOut(d, status, now)) {
                Conditions.set(status, Conditions.make(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT,
                        "ReplicaSet \"" + rsName + "\" has timed out progressing.", now));
            }
        }
        if (same(d.getStatus(), status)) {
            return untilDeadline(d, status, now);
        }
        r.deployment = writer.updateStatus(d, status);
        return Optional.empty();
    }

    /** kube's DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last recorded. */
    static boolean progressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus prev = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int nextOld = n(next.getReplicas()) - n(next.getUpdatedReplicas());
        int prevOld = n(prev.getReplicas()) - n(prev.getUpdatedReplicas());
        return n(next.getUpdatedReplicas()) > n(prev.getUpdatedReplicas()) || nextOld < prevOld
                || n(next.getReadyReplicas()) > n(prev.getReadyReplicas())
                || n(next.getAvailableReplicas()) > n(prev.getAvailableReplicas());
    }

    /** kube's DeploymentTimedOut: no progress recorded for longer than the deadline. */
    static boolean timedOut(Deployment d, DeploymentStatus status, Instant now) {
        int deadline = Deployments.progressDeadline(d);
        if (deadline < 0) {
            return false;
        }
        Optional<DeploymentCondition> c = Conditions.get(status, Conditions.PROGRESSING);
        if (c.isEmpty() || Conditions.NEW_RS_AVAILABLE.equals(c.get().getReason())) {
            return false;
        }
        if (Conditions.TIMED_OUT.equals(c.get().getReason())) {
            return true;
        }
        return Times.parse(c.get().getLastUpdateTime()).map(t -> t.plusSeconds(deadline).isBefore(now)).orElse(false);
    }

    /** kube's requeueStuckDeployment: when a rollout that is not moving will pass its deadline. */
    private static Optional<Duration> untilDeadline(Deployment d, DeploymentStatus status, Instant now) {
        int deadline = Deployments.progressDeadline(d);
        Optional<DeploymentCondition> c = Conditions.get(status, Conditions.PROGRESSING);
        if (deadline < 0 || c.isEmpty() || complete(d, status) || Conditions.TIMED_OUT.equals(c.get().getReason())) {
            return Optional.empty();
        }
        Optional<Instant> since = Times.parse(c.get().getLastUpdateTime());
        if (since.isEmpty()) {
            return Optional.empty();
        }
        Duration after = Duration.between(now, since.get().plusSeconds(deadline));
        return Optional.of(after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1));
    }

    static boolean same(DeploymentStatus a, DeploymentStatus b) {
        if (a == null) {
            a = new DeploymentStatus();
        }
        return n(a.getObservedGeneration()) == n(b.getObservedGeneration())
                && n(a.getReplicas()) == n(b.getReplicas())
                && n(a.getUpdatedReplicas()) == n(b.getUpdatedReplicas())
                && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
                && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && n(a.getUnavailableReplicas()) == n(b.getUnavailableReplicas())
                && n(a.getCollisionCount()) == n(b.getCollisionCount())
                && Objects.equals(a.getConditions() == null ? List.of() : a.getConditions(),
                        b.getConditions() == null ? List.of() : b.getConditions());
    }

    private static int n(Number x) {
        return x == null ? 0 : x.intValue();
    }
}
