package io.tugboat.scheduler;

import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-scheduler's DefaultPreemption, without PodDisruptionBudgets: on each node whose refusal was resolvable,
 * remove every pod of lower priority; if the pod then fits, put back as many of them as still let it fit,
 * most important first; the rest are the victims. The chosen node has the lowest highest-victim priority,
 * then the lowest priority sum, then the fewest victims. Nodes refused for reasons eviction cannot change,
 * and nodes never tried, count as "Preemption is not helpful for scheduling".
 */
final class Preemption {

    static final String PLUGIN = "DefaultPreemption";
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    static final String NOT_ELIGIBLE = "not eligible due to preemptionPolicy=Never.";
    /** kube's minCandidateNodesPercentage and minCandidateNodesAbsolute: stop once this many candidates are found. */
    private static final int MIN_CANDIDATES_PERCENTAGE = 10;
    private static final int MIN_CANDIDATES_ABSOLUTE = 100;

    private static final Comparator<PodInfo> MORE_IMPORTANT_FIRST = Comparator
            .comparingInt(PodInfo::priority).reversed()
            .thenComparing(PodInfo::startTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()));

    private record Candidate(NodeInfo node, List<PodInfo> victims) {
        int highestPriority() {
            return victims.isEmpty() ? Integer.MIN_VALUE : victims.stream().mapToInt(PodInfo::priority).max().getAsInt();
        }

        long prioritySum() {
            // Offset by 2^31 as kube does, so that negative priorities still add up to a larger cost.
            return victims.stream().mapToLong(v -> (long) v.priority() + Integer.MAX_VALUE + 1).sum();
        }
    }

    private final Profile profile;

    Preemption(Profile profile) {
        this.profile = profile;
    }

    ScheduleResult preempt(PodInfo pod, ClusterSnapshot snapshot, FitError fitError) {
        if (pod.preemptionNever()) {
            return new ScheduleResult.Unschedulable(fitError.withPostFilterMessage("preemption: " + NOT_ELIGIBLE));
        }
        int n = snapshot.nodeCount();
        int wanted = Math.max(MIN_CANDIDATES_ABSOLUTE, n * MIN_CANDIDATES_PERCENTAGE / 100);
        Map<String, Rejection> tried = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n && candidates.size() < wanted; i++) {
            NodeInfo node = snapshot.node(i);
            Rejection why = fitError.rejections().get(node.name());
            if (why == null || why.unresolvable()) {
                continue;
            }
            Object outcome = selectVictims(pod, snapshot, node);
            if (outcome instanceof Candidate c) {
                candidates.add(c);
            } else {
                tried.put(node.name(), (Rejection) outcome);
            }
        }
        if (candidates.isEmpty()) {
            Map<String, Integer> counts = new HashMap<>();
            for (Rejection r : tried.values()) {
                for (String reason : r.reasons()) {
                    counts.merge(reason, 1, Integer::sum);
                }
            }
            if (tried.size() < n) {
                counts.merge(NOT_HELPFUL, n - tried.size(), Integer::sum);
            }
            String message = "preemption: " + FitError.format(n, counts, null);
            return new ScheduleResult.Unschedulable(fitError.withPostFilterMessage(message));
        }
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (better(c, best)) {
                best = c;
            }
        }
        return new ScheduleResult.Preempt(best.node().name(), best.victims(), fitError);
    }

    private static boolean better(Candidate a, Candidate b) {
        if (a.highestPriority() != b.highestPriority()) {
            return a.highestPriority() < b.highestPriority();
        }
        if (a.prioritySum() != b.prioritySum()) {
            return a.prioritySum() < b.prioritySum();
        }
        return a.victims().size() < b.victims().size();
    }

    /** A {@link Candidate}, or the {@link Rejection} that says why evicting on this node does not help. */
    private Object selectVictims(PodInfo pod, ClusterSnapshot snapshot, NodeInfo node) {
        List<PodInfo> lower = new ArrayList<>();
        for (int i = 0; i < node.podCount(); i++) {
            if (node.pod(i).priority() < pod.priority()) {
                lower.add(node.pod(i));
            }
        }
        if (lower.isEmpty()) {
            return Rejection.unresolvable(PLUGIN, NO_VICTIMS);
        }
        ClusterSnapshot without = snapshot.withoutPods(lower);
        Rejection still = fits(pod, without, node.name());
        if (still != null) {
            return still;
        }
        lower.sort(MORE_IMPORTANT_FIRST);
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo p : lower) {
            ClusterSnapshot back = without.withPod(p, node.name());
            if (fits(pod, back, node.name()) == null) {
                without = back;
            } else {
                victims.add(p);
            }
        }
        return new Candidate(node, victims);
    }

    private Rejection fits(PodInfo pod, ClusterSnapshot snapshot, String nodeName) {
        PodFilter[] filters = Scheduler.prepareFilters(profile, pod, snapshot);
        return Scheduler.check(filters, snapshot.node(nodeName));
    }
}
