package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * A pod's hard node constraints: spec.nodeSelector (every label equal) and
 * requiredDuringSchedulingIgnoredDuringExecution (any term). A record so it can key per-snapshot caches.
 */
public record RequiredNodeAffinity(Map<String, String> nodeSelector, List<NodeSelectorTerm> terms, boolean hasTerms) {

    /** Null when the pod constrains nodes in neither way. */
    public static RequiredNodeAffinity of(PodSpec spec) {
        Map<String, String> selector = spec.getNodeSelector() == null ? Map.of() : Map.copyOf(spec.getNodeSelector());
        NodeSelector required = null;
        Affinity a = spec.getAffinity();
        if (a != null && a.getNodeAffinity() != null) {
            required = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        }
        if (selector.isEmpty() && required == null) {
            return null;
        }
        List<NodeSelectorTerm> terms = required == null || required.getNodeSelectorTerms() == null
                ? List.of()
                : required.getNodeSelectorTerms().stream().map(NodeSelectorTerm::of).toList();
        return new RequiredNodeAffinity(selector, terms, required != null);
    }

    public boolean matches(NodeSpec node) {
        Map<String, String> labels = node.labels();
        for (var e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        if (!hasTerms) {
            return true;
        }
        for (NodeSelectorTerm t : terms) {
            if (t.matches(node)) {
                return true;
            }
        }
        return false;
    }
}
