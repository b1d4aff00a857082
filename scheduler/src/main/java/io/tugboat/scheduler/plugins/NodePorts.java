package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.HostPort;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.util.List;

/** Refuses nodes where a host port the pod asks for is already taken (same protocol and port, overlapping IP). */
public final class NodePorts implements FilterPlugin {

    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final Rejection REJECTED = Rejection.unschedulable(NAME, REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        List<HostPort> wanted = pod.hostPorts();
        if (wanted.isEmpty()) {
            return null;
        }
        return node -> node.portConflicts(wanted) ? REJECTED : null;
    }
}
