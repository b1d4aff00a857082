package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;

/**
 * NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in equal shares after the
 * placement, score (1 - std) * 100 where std of two fractions is half their difference. Skipped for pods
 * that request nothing, as kube does since 1.33, so best-effort pods are not all packed onto one node.
 */
public final class BalancedAllocation implements ScorePlugin {

    public static final String NAME = "NodeResourcesBalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count) {
        long podCpu = pod.requests().milliCpu();
        long podMem = pod.requests().memory();
        if (podCpu == 0 && podMem == 0) {
            return null;
        }
        return node -> {
            if (node.allocatableMilliCpu() <= 0 || node.allocatableMemory() <= 0) {
                return MAX_NODE_SCORE; // fewer than two fractions: no deviation
            }
            double cpu = Math.min(1.0, (double) (node.requestedMilliCpu() + podCpu) / node.allocatableMilliCpu());
            double mem = Math.min(1.0, (double) (node.requestedMemory() + podMem) / node.allocatableMemory());
            double std = Math.abs((cpu - mem) / 2);
            return (long) ((1 - std) * MAX_NODE_SCORE);
        };
    }
}
