package io.tugboat.e2e.support;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;

/** Whether an object's Ready condition is True, as kubectl's READY column and the controllers read it. */
public final class Readiness {

    private Readiness() {
    }

    /** False for no pod, or one without status or conditions yet. */
    public static boolean isReady(Pod pod) {
        List<PodCondition> conditions = pod == null || pod.getStatus() == null ? null : pod.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    /** False for no node, or one without status or conditions yet. */
    public static boolean isReady(Node node) {
        List<NodeCondition> conditions = node == null || node.getStatus() == null ? null : node.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
}
