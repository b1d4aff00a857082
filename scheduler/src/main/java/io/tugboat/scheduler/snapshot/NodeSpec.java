package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Node that do not change when pods are placed: name, labels, taints, unschedulable and
 * allocatable, converted once. {@code index} is the node's position in its snapshot's node order.
 */
public record NodeSpec(Node node, String name, int index, Map<String, String> labels, List<TaintInfo> taints,
                       boolean unschedulable, Resources allocatable, long allowedPods) {

    public static NodeSpec of(Node node, int index) {
        var meta = node.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels());
        var spec = node.getSpec();
        List<TaintInfo> taints = spec == null || spec.getTaints() == null || spec.getTaints().isEmpty()
                ? List.of() : List.copyOf(spec.getTaints().stream().map(TaintInfo::of).toList());
        boolean unschedulable = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
        Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        long pods = alloc == null ? 0 : Resources.value(alloc.get(Resources.PODS));
        return new NodeSpec(node, meta.getName(), index, labels, taints, unschedulable, Resources.of(alloc), pods);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
