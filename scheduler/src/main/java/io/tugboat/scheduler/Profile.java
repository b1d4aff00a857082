package io.tugboat.scheduler;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.plugins.BalancedAllocation;
import io.tugboat.scheduler.plugins.InterPodAffinity;
import io.tugboat.scheduler.plugins.NodeAffinity;
import io.tugboat.scheduler.plugins.NodeName;
import io.tugboat.scheduler.plugins.NodePorts;
import io.tugboat.scheduler.plugins.NodeResourcesFit;
import io.tugboat.scheduler.plugins.NodeUnschedulable;
import io.tugboat.scheduler.plugins.PodTopologySpread;
import io.tugboat.scheduler.plugins.TaintToleration;
import java.util.List;

/**
 * A scheduling profile: filters in the order they run (a node stops at the first that refuses it, so the
 * order decides which reason a node reports), score plugins with weights, and percentageOfNodesToScore
 * (0 = kube's adaptive default).
 */
public record Profile(List<FilterPlugin> filters, List<WeightedScore> scores, int percentageOfNodesToScore) {

    /** Below this many nodes every node is checked; also the least a partial filter pass looks for. */
    public static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** Floor of the adaptive percentage. */
    public static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    public record WeightedScore(ScorePlugin plugin, int weight) {
    }

    public Profile {
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be within 0..100, got " + percentageOfNodesToScore);
        }
    }

    /** kube-scheduler's default profile (without the volume, image and DRA plugins), with its weights. */
    public static Profile defaults() {
        TaintToleration taints = new TaintToleration();
        NodeAffinity nodeAffinity = new NodeAffinity();
        NodeResourcesFit fit = new NodeResourcesFit();
        PodTopologySpread spread = new PodTopologySpread();
        InterPodAffinity podAffinity = new InterPodAffinity();
        return new Profile(
                List.of(new NodeUnschedulable(), new NodeName(), taints, nodeAffinity, new NodePorts(), fit, spread, podAffinity),
                List.of(new WeightedScore(taints, 3), new WeightedScore(nodeAffinity, 2), new WeightedScore(fit, 1),
                        new WeightedScore(spread, 2), new WeightedScore(podAffinity, 2), new WeightedScore(new BalancedAllocation(), 1)),
                0);
    }

    public Profile withPercentageOfNodesToScore(int percentage) {
        return new Profile(filters, scores, percentage);
    }

    /**
     * How many feasible nodes a filter pass looks for before it stops (kube's numFeasibleNodesToFind): all
     * below 100 nodes, else the percentage (adaptive: 50 - nodes/125, at least 5) but never under 100.
     */
    public int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) {
            return numAllNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage == 0) {
            percentage = Math.max(50 - numAllNodes / 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
        }
        int n = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
    }
}
