package io.tugboat.scheduler.framework;

import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;

/** A score extension point, as kube-scheduler's PreScore + Score + NormalizeScore. */
public interface ScorePlugin {

    /** Highest score a node gets from one plugin, before the plugin's weight. */
    long MAX_NODE_SCORE = 100;

    String name();

    /**
     * Per-pod work over the nodes that passed filtering ({@code feasible[0..count)}); null to skip the plugin
     * for this pod (it then adds 0 to every node).
     */
    PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count);

    /** kube's DefaultNormalizeScore: scales to 0..100 by the maximum, optionally reversed (fewer is better). */
    static void defaultNormalize(long[] scores, int count, boolean reverse) {
        long max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, scores[i]);
        }
        if (max == 0) {
            if (reverse) {
                for (int i = 0; i < count; i++) {
                    scores[i] = MAX_NODE_SCORE;
                }
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            long s = MAX_NODE_SCORE * scores[i] / max;
            scores[i] = reverse ? MAX_NODE_SCORE - s : s;
        }
    }
}
