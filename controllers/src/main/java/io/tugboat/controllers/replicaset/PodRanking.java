package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.controllers.support.Pods;
import io.tugboat.controllers.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a scale-down removes first, in kube's order (ActivePodsWithRanks): unscheduled before
 * scheduled, Pending before Unknown before Running, not ready before ready, lower pod-deletion-cost first,
 * pods doubled up on a node before lone ones, the most recently ready first, more restarts first, newest first.
 */
public final class PodRanking {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

    private PodRanking() {
    }

    /** The {@code count} pods to delete out of {@code pods}; the rank of a pod is how many of {@code pods} share its node. */
    public static List<Pod> toDelete(List<Pod> pods, int count) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod p : pods) {
            String node = nodeName(p);
            if (!node.isEmpty()) {
                perNode.merge(node, 1, Integer::sum);
            }
        }
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(order(p -> nodeName(p).isEmpty() ? 0 : perNode.getOrDefault(nodeName(p), 0)));
        return List.copyOf(sorted.subList(0, Math.min(count, sorted.size())));
    }

    /** The deletion order, given each pod's rank (higher rank goes first). */
    static Comparator<Pod> order(java.util.function.ToIntFunction<Pod> rank) {
        return Comparator.<Pod>comparingInt(p -> nodeName(p).isEmpty() ? 0 : 1)
                .thenComparingInt(PodRanking::phaseOrdinal)
                .thenComparingInt(p -> Pods.isReady(p) ? 1 : 0)
                .thenComparingLong(PodRanking::deletionCost)
                .thenComparing(Comparator.comparingInt(rank).reversed())
                .thenComparing(PodRanking::readyTimeNewestFirst)
                .thenComparing(Comparator.comparingInt(PodRanking::restarts).reversed())
                .thenComparing(Comparator.comparing(PodRanking::created).reversed());
    }

    private static int readyTimeNewestFirst(Pod a, Pod b) {
        if (!Pods.isReady(a) || !Pods.isReady(b)) {
            return 0;
        }
        Instant ta = Pods.readySince(a).orElse(Instant.EPOCH);
        Instant tb = Pods.readySince(b).orElse(Instant.EPOCH);
        return tb.compareTo(ta);
    }

    private static String nodeName(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static int phaseOrdinal(Pod p) {
        return switch (Pods.phase(p)) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    private static long deletionCost(Pod p) {
        Map<String, String> annotations = p.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(DELETION_COST)) {
            return 0;
        }
        try {
            return Integer.parseInt(annotations.get(DELETION_COST).strip());
        } catch (NumberFormatException e) {
            return 0; // kube ignores an invalid cost
        }
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream()
                .mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).max().orElse(0);
    }

    private static Instant created(Pod p) {
        return Times.parse(p.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
    }
}
