package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Pods;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The daemon pods on one node, oldest first, and the facts the planner and the status read from them. */
record NodePods(List<Pod> pods) {

    static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(p -> p.getMetadata().getName());

    NodePods {
        pods = pods.stream().sorted(OLDEST_FIRST).toList();
    }

    /** Not terminating and not finished: the pods that count as this node's daemon. */
    List<Pod> running() {
        return pods.stream().filter(p -> !Owners.isDeleting(p) && !isTerminal(p)).toList();
    }

    List<Pod> terminal() {
        return pods.stream().filter(p -> !Owners.isDeleting(p) && isTerminal(p)).toList();
    }

    boolean anyTerminating() {
        return pods.stream().anyMatch(Owners::isDeleting);
    }

    Optional<Pod> newest(String revision) {
        return running().stream().filter(p -> revision.equals(DaemonPods.revisionOf(p))).findFirst();
    }

    Optional<Pod> oldRevision(String revision) {
        return running().stream().filter(p -> !revision.equals(DaemonPods.revisionOf(p))).findFirst();
    }

    /** The pod status is counted from: the updated one if there is one, else the oldest running one. */
    Optional<Pod> representative(String revision) {
        return newest(revision).or(() -> running().stream().findFirst());
    }

    boolean available(String revision, int minReadySeconds, Instant now) {
        return representative(revision).map(p -> Pods.isAvailable(p, minReadySeconds, now)).orElse(false);
    }

    static boolean isTerminal(Pod pod) {
        String phase = Pods.phase(pod);
        return phase.equals("Failed") || phase.equals("Succeeded");
    }
}
