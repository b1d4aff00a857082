package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.snapshot.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Requests against allocatable minus what the node's pods already request: pods, cpu, memory,
 * ephemeral-storage and extended resources, reporting every shortfall ("Insufficient cpu", "Too many pods").
 * A request larger than the whole node is unresolvable, so preemption does not try. Scores with the
 * LeastAllocated strategy (cpu and memory, weight 1 each) over the non-zero requests.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    public static final String NAME = "NodeResourcesFit";
    public static final String TOO_MANY_PODS = "Too many pods";
    public static final String INSUFFICIENT_CPU = "Insufficient cpu";
    public static final String INSUFFICIENT_MEMORY = "Insufficient memory";
    public static final String INSUFFICIENT_EPHEMERAL_STORAGE = "Insufficient ephemeral-storage";

    private static final int PODS = 1;
    private static final int CPU = 2;
    private static final int MEMORY = 4;
    private static final int EPHEMERAL = 8;
    private static final int UNRESOLVABLE = 16;
    /** Every combination of the four common shortfalls, built once so that refusing a node allocates nothing. */
    private static final Rejection[] COMMON = new Rejection[32];

    static {
        for (int mask = 1; mask < 32; mask++) {
            if ((mask & ~UNRESOLVABLE) == 0) {
                continue;
            }
            List<String> reasons = new ArrayList<>(4);
            if ((mask & PODS) != 0) {
                reasons.add(TOO_MANY_PODS);
            }
            if ((mask & CPU) != 0) {
                reasons.add(INSUFFICIENT_CPU);
            }
            if ((mask & MEMORY) != 0) {
                reasons.add(INSUFFICIENT_MEMORY);
            }
            if ((mask & EPHEMERAL) != 0) {
                reasons.add(INSUFFICIENT_EPHEMERAL_STORAGE);
            }
            COMMON[mask] = new Rejection(NAME, reasons, (mask & UNRESOLVABLE) != 0);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        Resources req = pod.requests();
        return node -> fits(req, node);
    }

    static Rejection fits(Resources req, NodeInfo node) {
        int mask = 0;
        if (node.podCount() + 1 > node.allowedPods()) {
            mask |= PODS;
        }
        List<String> extended = null;
        if (!req.isZero()) {
            if (req.milliCpu() > 0 && req.milliCpu() > node.allocatableMilliCpu() - node.requestedMilliCpu()) {
                mask |= CPU | (req.milliCpu() > node.allocatableMilliCpu() ? UNRESOLVABLE : 0);
            }
            if (req.memory() > 0 && req.memory() > node.allocatableMemory() - node.requestedMemory()) {
                mask |= MEMORY | (req.memory() > node.allocatableMemory() ? UNRESOLVABLE : 0);
            }
            Resources alloc = node.allocatable();
            Resources used = node.requested();
            if (req.ephemeralStorage() > 0 && req.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
                mask |= EPHEMERAL | (req.ephemeralStorage() > alloc.ephemeralStorage() ? UNRESOLVABLE : 0);
            }
            for (Map.Entry<String, Long> e : req.scalars().entrySet()) {
                long want = e.getValue();
                if (want > 0 && want > alloc.scalar(e.getKey()) - used.scalar(e.getKey())) {
                    if (extended == null) {
                        extended = new ArrayList<>(2);
                    }
                    extended.add("Insufficient " + e.getKey());
                    if (want > alloc.scalar(e.getKey())) {
                        mask |= UNRESOLVABLE;
                    }
                }
            }
        }
        if (extended == null) {
            return mask == 0 || mask == UNRESOLVABLE ? null : COMMON[mask];
        }
        List<String> reasons = new ArrayList<>(mask == 0 || mask == UNRESOLVABLE ? List.of() : COMMON[mask].reasons());
        reasons.addAll(extended);
        return new Rejection(NAME, reasons, (mask & UNRESOLVABLE) != 0);
    }

    @Override
    public PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count) {
        long podCpu = pod.nonZeroMilliCpu();
        long podMem = pod.nonZeroMemory();
        return node -> {
            long sum = 0;
            long weights = 0;
            if (node.allocatableMilliCpu() > 0) {
                sum += leastRequested(node.nonZeroMilliCpu() + podCpu, node.allocatableMilliCpu());
                weights++;
            }
            if (node.allocatableMemory() > 0) {
                sum += leastRequested(node.nonZeroMemory() + podMem, node.allocatableMemory());
                weights++;
            }
            return weights == 0 ? 0 : sum / weights;
        };
    }

    /** Share of the node left free after placing the pod, 0..100. */
    static long leastRequested(long requested, long capacity) {
        if (requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
