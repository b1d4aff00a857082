package io.tugboat.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.tugboat.controllers.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What kube's node lifecycle controller writes on a node whose agent went silent: the Ready and pressure conditions
 * Unknown (reason NodeStatusUnknown), and the unreachable taints; and which taints go when it is heard from again.
 */
final class NodeStatusUnknown {

    static final String REASON = "NodeStatusUnknown";
    static final String MESSAGE = "Kubelet stopped posting node status.";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    /** The conditions the agent owns and the controller marks Unknown (kube's nodeConditionTypes + Ready). */
    static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private NodeStatusUnknown() {
    }

    /**
     * The node's conditions with every agent-owned one Unknown; a condition the agent never posted is added, as kube
     * does. The transition time moves only for a condition that was not Unknown already. Returns the same list
     * (equal) when nothing changes.
     */
    static List<NodeCondition> conditions(List<NodeCondition> current, Instant now) {
        List<NodeCondition> out = new ArrayList<>();
        List<NodeCondition> existing = current == null ? List.of() : current;
        String time = Times.format(now);
        for (NodeCondition c : existing) {
            if (CONDITIONS.contains(c.getType()) && !"Unknown".equals(c.getStatus())) {
                out.add(new NodeConditionBuilder(c).withStatus("Unknown").withReason(REASON).withMessage(MESSAGE)
                        .withLastTransitionTime(time).build());
            } else {
                out.add(c);
            }
        }
        for (String type : CONDITIONS) {
            if (existing.stream().noneMatch(c -> type.equals(c.getType()))) {
                out.add(new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason(REASON).withMessage(MESSAGE)
                        .withLastHeartbeatTime(time).withLastTransitionTime(time).build());
            }
        }
        return out;
    }

    /** The taints with the unreachable ones (NoSchedule, NoExecute) present; not-ready NoExecute swapped out as kube does. */
    static List<Taint> withUnreachable(List<Taint> current, Instant now) {
        List<Taint> out = new ArrayList<>(current == null ? List.of() : current);
        out.removeIf(t -> NOT_READY.equals(t.getKey()) && "NoExecute".equals(t.getEffect()));
        for (String effect : List.of("NoSchedule", "NoExecute")) {
            if (out.stream().noneMatch(t -> UNREACHABLE.equals(t.getKey()) && effect.equals(t.getEffect()))) {
                TaintBuilder b = new TaintBuilder().withKey(UNREACHABLE).withEffect(effect);
                if (effect.equals("NoExecute")) {
                    b.withTimeAdded(Times.format(now)); // the clock tolerationSeconds run from
                }
                out.add(b.build());
            }
        }
        return out;
    }

    /** The taints without the unreachable ones. */
    static List<Taint> withoutUnreachable(List<Taint> current) {
        List<Taint> out = new ArrayList<>(current == null ? List.of() : current);
        out.removeIf(t -> UNREACHABLE.equals(t.getKey()) && Set.of("NoSchedule", "NoExecute").contains(t.getEffect()));
        return out;
    }
}
