package io.tugboat.scheduler;

import io.tugboat.scheduler.framework.Rejection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits no node: the rejection of every node (by node name) and, when preemption ran and did not
 * help, its own message. {@link #message()} is kube-scheduler's FitError text, the PodScheduled=False message:
 * {@code 0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {k: v}. preemption: ...}.
 */
public record FitError(int numAllNodes, Map<String, Rejection> rejections, String postFilterMessage) {

    public static final String NO_NODES = "no nodes available to schedule pods";

    public FitError {
        rejections = Collections.unmodifiableMap(new TreeMap<>(rejections));
    }

    FitError withPostFilterMessage(String message) {
        return new FitError(numAllNodes, rejections, message);
    }

    /** Each reason with the number of nodes that gave it. */
    public Map<String, Integer> reasonCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Rejection r : rejections.values()) {
            for (String reason : r.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        return counts;
    }

    public String message() {
        if (numAllNodes == 0) {
            return NO_NODES;
        }
        return format(numAllNodes, reasonCounts(), postFilterMessage);
    }

    /** "0/N nodes are available: " then "count reason" sorted as strings (as Go's sort.Strings), then the post-filter text. */
    static String format(int numAllNodes, Map<String, Integer> counts, String postFilterMessage) {
        StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        List<String> parts = new ArrayList<>(counts.size());
        counts.forEach((reason, n) -> parts.add(n + " " + reason));
        Collections.sort(parts);
        if (!parts.isEmpty()) {
            sb.append(' ').append(String.join(", ", parts)).append('.');
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            sb.append(' ').append(postFilterMessage);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
