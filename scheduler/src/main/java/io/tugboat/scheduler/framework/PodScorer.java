package io.tugboat.scheduler.framework;

import io.tugboat.scheduler.snapshot.NodeInfo;

/** A score plugin prepared for one pod (kube's Score with its PreScore state, plus NormalizeScore). */
public interface PodScorer {

    /** The raw score of {@code node}. */
    long score(NodeInfo node);

    /**
     * Rewrites the raw scores of {@code nodes[0..count)} in place into 0..100 (kube's NormalizeScore).
     * The default leaves them as they are, for plugins that already score in that range.
     */
    default void normalize(NodeInfo[] nodes, long[] scores, int count) {
    }
}
