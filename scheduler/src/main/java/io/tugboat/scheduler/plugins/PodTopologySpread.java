package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.snapshot.SpreadConstraint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * topologySpreadConstraints: DoNotSchedule ones filter (matching pods in the node's domain, plus the pod itself
 * if it matches, minus the global minimum must stay within maxSkew; minDomains, nodeAffinityPolicy and
 * nodeTaintsPolicy honoured); ScheduleAnyway ones score, fewer matching pods in a domain being better,
 * weighted by log(number of domains + 2) as kube does. Cluster-level default constraints are not applied.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {

    public static final String NAME = "PodTopologySpread";
    public static final String REASON = "node(s) didn't match pod topology spread constraints";
    public static final String REASON_MISSING_LABEL = REASON + " (missing required label)";
    private static final Rejection SKEW = Rejection.unschedulable(NAME, REASON);
    private static final Rejection MISSING_LABEL = Rejection.unresolvable(NAME, REASON_MISSING_LABEL);
    private static final String HOSTNAME = "kubernetes.io/hostname";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        List<SpreadConstraint> hard = pod.spreadConstraints().stream().filter(SpreadConstraint::doNotSchedule).toList();
        if (hard.isEmpty()) {
            return null;
        }
        List<String> keys = hard.stream().map(SpreadConstraint::topologyKey).distinct().toList();
        int n = hard.size();
        SpreadDomains[] domains = new SpreadDomains[n];
        int[] minMatch = new int[n];
        int[] self = new int[n];
        for (int i = 0; i < n; i++) {
            domains[i] = new SpreadDomains(hard.get(i), keys, pod, snapshot);
            minMatch[i] = domains[i].minMatch();
            self[i] = hard.get(i).selects(pod) ? 1 : 0;
        }
        return node -> {
            for (int i = 0; i < n; i++) {
                String value = node.spec().label(domains[i].constraint.topologyKey());
                if (value == null) {
                    return MISSING_LABEL;
                }
                if (domains[i].count(value) + self[i] - minMatch[i] > domains[i].constraint.maxSkew()) {
                    return SKEW;
                }
            }
            return null;
        };
    }

    @Override
    public PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count) {
        List<SpreadConstraint> soft = pod.spreadConstraints().stream().filter(c -> !c.doNotSchedule()).toList();
        if (soft.isEmpty()) {
            return null;
        }
        List<String> keys = soft.stream().map(SpreadConstraint::topologyKey).distinct().toList();
        int n = soft.size();
        SpreadDomains[] domains = new SpreadDomains[n];
        double[] weight = new double[n];
        int scored = 0;
        for (int j = 0; j < count; j++) {
            if (SpreadDomains.hasAll(feasible[j].spec(), keys)) {
                scored++;
            }
        }
        for (int i = 0; i < n; i++) {
            SpreadConstraint c = soft.get(i);
            domains[i] = new SpreadDomains(c, keys, pod, snapshot);
            int size;
            if (c.topologyKey().equals(HOSTNAME)) {
                size = scored;
            } else {
                Set<String> seen = new HashSet<>();
                for (int j = 0; j < count; j++) {
                    if (SpreadDomains.hasAll(feasible[j].spec(), keys)) {
                        seen.add(feasible[j].spec().label(c.topologyKey()));
                    }
                }
                size = seen.size();
            }
            weight[i] = Math.log(size + 2);
        }
        return new PodScorer() {
            @Override
            public long score(NodeInfo node) {
                if (!SpreadDomains.hasAll(node.spec(), keys)) {
                    return -1; // ignored: scored 0 after normalizing
                }
                double score = 0;
                for (int i = 0; i < n; i++) {
                    String value = node.spec().label(domains[i].constraint.topologyKey());
                    score += domains[i].count(value) * weight[i] + (domains[i].constraint.maxSkew() - 1);
                }
                return Math.round(score);
            }

            @Override
            public void normalize(NodeInfo[] nodes, long[] scores, int count) {
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int i = 0; i < count; i++) {
                    if (scores[i] < 0) {
                        continue;
                    }
                    min = Math.min(min, scores[i]);
                    max = Math.max(max, scores[i]);
                }
                for (int i = 0; i < count; i++) {
                    if (scores[i] < 0) {
                        scores[i] = 0;
                    } else if (max == 0) {
                        scores[i] = MAX_NODE_SCORE;
                    } else {
                        scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
                    }
                }
            }
        };
    }
}
