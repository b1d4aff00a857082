package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.snapshot.TaintInfo;

/** Refuses cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    private static final Rejection REJECTED = Rejection.unresolvable(NAME, REASON);
    private static final TaintInfo UNSCHEDULABLE_TAINT =
            new TaintInfo("node.kubernetes.io/unschedulable", "", TaintInfo.NO_SCHEDULE, REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        if (UNSCHEDULABLE_TAINT.toleratedByAny(pod.tolerations())) {
            return null;
        }
        return node -> node.unschedulable() ? REJECTED : null;
    }
}
