package io.tugboat.scheduler.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node and the pods assumed on it, with their sums precomputed (requested resources, the non-zero
 * requests scoring uses, host ports in use). Immutable: {@link #withPod} and {@link #withoutPod} return new
 * instances that share the node's spec, so a snapshot changes one NodeInfo per placement.
 */
public final class NodeInfo {

    private static final PodInfo[] NO_PODS = new PodInfo[0];
    private static final HostPort[] NO_PORTS = new HostPort[0];

    private final NodeSpec spec;
    private final PodInfo[] pods;
    private final Resources requested;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final HostPort[] usedPorts;
    // Copies of the spec and request fields every filter and scorer reads. A pass touches hundreds of nodes
    // per pod and is bound by cache misses; reading them here saves chasing spec and requested per node.
    private final boolean unschedulable;
    private final boolean tainted;
    private final long allowedPods;
    private final long allocatableMilliCpu;
    private final long allocatableMemory;
    private final long requestedMilliCpu;
    private final long requestedMemory;

    private NodeInfo(NodeSpec spec, PodInfo[] pods, Resources requested, long nonZeroMilliCpu, long nonZeroMemory, HostPort[] usedPorts) {
        this.spec = spec;
        this.pods = pods;
        this.requested = requested;
        this.nonZeroMilliCpu = nonZeroMilliCpu;
        this.nonZeroMemory = nonZeroMemory;
        this.usedPorts = usedPorts;
        this.unschedulable = spec.unschedulable();
        this.tainted = !spec.taints().isEmpty();
        this.allowedPods = spec.allowedPods();
        this.allocatableMilliCpu = spec.allocatable().milliCpu();
        this.allocatableMemory = spec.allocatable().memory();
        this.requestedMilliCpu = requested.milliCpu();
        this.requestedMemory = requested.memory();
    }

    public static NodeInfo empty(NodeSpec spec) {
        return new NodeInfo(spec, NO_PODS, Resources.NONE, 0, 0, NO_PORTS);
    }

    public NodeInfo withPod(PodInfo pod) {
        PodInfo[] p = Arrays.copyOf(pods, pods.length + 1);
        p[pods.length] = pod;
        HostPort[] ports = usedPorts;
        if (!pod.hostPorts().isEmpty()) {
            ports = Arrays.copyOf(usedPorts, usedPorts.length + pod.hostPorts().size());
            for (int i = 0; i < pod.hostPorts().size(); i++) {
                ports[usedPorts.length + i] = pod.hostPorts().get(i);
            }
        }
        return new NodeInfo(spec, p, requested.plus(pod.requests()), nonZeroMilliCpu + pod.nonZeroMilliCpu(),
                nonZeroMemory + pod.nonZeroMemory(), ports);
    }

    /** This node without the pod keyed {@code key}; the same instance when the pod is not here. */
    public NodeInfo withoutPod(String key) {
        int at = -1;
        for (int i = 0; i < pods.length; i++) {
            if (pods[i].key().equals(key)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return this;
        }
        PodInfo gone = pods[at];
        PodInfo[] p = new PodInfo[pods.length - 1];
        System.arraycopy(pods, 0, p, 0, at);
        System.arraycopy(pods, at + 1, p, at, pods.length - at - 1);
        HostPort[] ports = usedPorts;
        if (!gone.hostPorts().isEmpty()) {
            List<HostPort> left = new ArrayList<>();
            for (PodInfo q : p) {
                left.addAll(q.hostPorts());
            }
            ports = left.toArray(NO_PORTS);
        }
        return new NodeInfo(spec, p, requested.minus(gone.requests()), nonZeroMilliCpu - gone.nonZeroMilliCpu(),
                nonZeroMemory - gone.nonZeroMemory(), ports);
    }

    public NodeSpec spec() { return spec; }
    public String name() { return spec.name(); }
    public int index() { return spec.index(); }
    public Resources allocatable() { return spec.allocatable(); }
    /** Sum of the requests of the pods on this node. */
    public Resources requested() { return requested; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public boolean unschedulable() { return unschedulable; }
    /** Whether the node has any taint at all. */
    public boolean tainted() { return tainted; }
    public long allowedPods() { return allowedPods; }
    public long allocatableMilliCpu() { return allocatableMilliCpu; }
    public long allocatableMemory() { return allocatableMemory; }
    public long requestedMilliCpu() { return requestedMilliCpu; }
    public long requestedMemory() { return requestedMemory; }
    public long nonZeroMemory() { return nonZeroMemory; }
    public int podCount() { return pods.length; }
    public PodInfo pod(int i) { return pods[i]; }
    public List<PodInfo> pods() { return List.of(pods); }

    public boolean portConflicts(List<HostPort> wanted) {
        for (HostPort w : wanted) {
            for (HostPort u : usedPorts) {
                if (w.conflictsWith(u)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return spec.name() + "(" + pods.length + " pods)";
    }
}
