package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.PodInfo;

/** A pod that names its node (spec.nodeName) fits only there. */
public final class NodeName implements FilterPlugin {

    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";
    private static final Rejection REJECTED = Rejection.unresolvable(NAME, REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        String wanted = pod.nodeName();
        if (wanted == null || wanted.isEmpty()) {
            return null;
        }
        return node -> node.name().equals(wanted) ? null : REJECTED;
    }
}
