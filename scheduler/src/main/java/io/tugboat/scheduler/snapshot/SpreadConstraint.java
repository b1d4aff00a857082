package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.tugboat.api.labels.LabelSelector;
import io.tugboat.api.labels.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled topologySpreadConstraint. {@code selector} null (labelSelector absent) counts no pod.
 * Defaults as Kubernetes: minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore; matchLabelKeys
 * are folded into the selector with the incoming pod's values.
 */
public record SpreadConstraint(int maxSkew, String topologyKey, boolean doNotSchedule, LabelSelector selector,
                               int minDomains, boolean honorNodeAffinity, boolean honorNodeTaints) {

    public static SpreadConstraint of(TopologySpreadConstraint c, Map<String, String> podLabels) {
        LabelSelector selector = null;
        if (c.getLabelSelector() != null) {
            List<Requirement> reqs = new ArrayList<>(LabelSelector.of(c.getLabelSelector()).requirements());
            AffinityTerm.addKeyRequirements(reqs, c.getMatchLabelKeys(), Requirement.Operator.IN, podLabels);
            selector = new LabelSelector(reqs);
        }
        return new SpreadConstraint(
                c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                c.getTopologyKey() == null ? "" : c.getTopologyKey(),
                !"ScheduleAnyway".equals(c.getWhenUnsatisfiable()),
                selector,
                c.getMinDomains() == null ? 1 : c.getMinDomains(),
                !"Ignore".equals(c.getNodeAffinityPolicy()),
                "Honor".equals(c.getNodeTaintsPolicy()));
    }

    public boolean selects(PodInfo pod) {
        return selector != null && selector.matches(pod.labels());
    }
}
