package io.tugboat.api.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.List;

/**
 * kube's disruption controller arithmetic for one budget: how many of its pods must stay healthy, how many are, and
 * so how many may be disrupted. {@code expectedPods} is the scale of the pods' controllers (or the pod count for an
 * integer minAvailable, as kube does). Shared by the eviction subresource, which decides with it, and the disruption
 * controller, which publishes it as the budget's status.
 */
public record DisruptionBudgetMath(int expectedPods, int currentHealthy, int desiredHealthy) {

    public int disruptionsAllowed() {
        return Math.max(0, currentHealthy - desiredHealthy);
    }

    public static DisruptionBudgetMath of(PodDisruptionBudgetSpec spec, List<Pod> pods, int controllersScale) {
        int healthy = (int) pods.stream().filter(DisruptionBudgetMath::healthy).count();
        IntOrString min = spec.getMinAvailable();
        IntOrString max = spec.getMaxUnavailable();
        if (min != null && min.getIntVal() != null) {
            return new DisruptionBudgetMath(pods.size(), healthy, min.getIntVal());
        }
        int expected = controllersScale;
        if (min != null) {
            return new DisruptionBudgetMath(expected, healthy, scaled(min, expected));
        }
        if (max != null) {
            return new DisruptionBudgetMath(expected, healthy, Math.max(0, expected - scaled(max, expected)));
        }
        // neither set: nothing may be unavailable
        return new DisruptionBudgetMath(expected, healthy, expected);
    }

    /** An int, or a percentage of {@code total} rounded up (kube's GetScaledValueFromIntOrPercent with roundUp). */
    public static int scaled(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal() == null ? "0" : value.getStrVal().trim();
        if (!s.endsWith("%")) {
            return Integer.parseInt(s);
        }
        int pct = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceil(pct * (double) total / 100.0);
    }

    /** Ready and not on its way out. */
    public static boolean healthy(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
