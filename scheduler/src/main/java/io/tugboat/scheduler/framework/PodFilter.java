package io.tugboat.scheduler.framework;

import io.tugboat.scheduler.snapshot.NodeInfo;

/** A filter prepared for one pod over one snapshot (kube's Filter with its PreFilter state). */
@FunctionalInterface
public interface PodFilter {

    /** Null when the pod may go to {@code node}; otherwise why not. Called for many nodes: keep it cheap. */
    Rejection filter(NodeInfo node);
}
