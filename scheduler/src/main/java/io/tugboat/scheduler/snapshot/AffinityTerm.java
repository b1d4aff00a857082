package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.tugboat.api.labels.LabelSelector;
import io.tugboat.api.labels.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled pod (anti-)affinity term. {@code selector} null means the term's labelSelector was absent, which
 * matches no pod (Kubernetes' LabelSelectorAsSelector(nil) is Nothing). {@code namespaceSelector} null means
 * none was given. Terms are records so that the pods of one Deployment, which carry equal terms, share one
 * entry in the snapshot's term index.
 */
public record AffinityTerm(Kind kind, int weight, Set<String> namespaces, LabelSelector namespaceSelector,
                           LabelSelector selector, String topologyKey) {

    public enum Kind { REQUIRED_AFFINITY, REQUIRED_ANTI_AFFINITY, PREFERRED_AFFINITY, PREFERRED_ANTI_AFFINITY }

    /** Compiles a term as written on {@code ownerNamespace}/{@code ownerLabels}'s pod (namespace default, matchLabelKeys). */
    public static AffinityTerm of(Kind kind, int weight, PodAffinityTerm t, String ownerNamespace, Map<String, String> ownerLabels) {
        LabelSelector nsSelector = t.getNamespaceSelector() == null ? null : LabelSelector.of(t.getNamespaceSelector());
        Set<String> namespaces = (t.getNamespaces() == null || t.getNamespaces().isEmpty()) && nsSelector == null
                ? Set.of(ownerNamespace)
                : Set.copyOf(t.getNamespaces() == null ? List.of() : t.getNamespaces());
        LabelSelector selector = null;
        if (t.getLabelSelector() != null) {
            List<Requirement> reqs = new ArrayList<>(LabelSelector.of(t.getLabelSelector()).requirements());
            addKeyRequirements(reqs, t.getMatchLabelKeys(), Requirement.Operator.IN, ownerLabels);
            addKeyRequirements(reqs, t.getMismatchLabelKeys(), Requirement.Operator.NOT_IN, ownerLabels);
            selector = new LabelSelector(reqs);
        }
        return new AffinityTerm(kind, weight, namespaces, nsSelector, selector, t.getTopologyKey() == null ? "" : t.getTopologyKey());
    }

    static void addKeyRequirements(List<Requirement> reqs, List<String> keys, Requirement.Operator op, Map<String, String> labels) {
        if (keys == null) {
            return;
        }
        for (String k : keys) {
            String v = labels.get(k);
            if (v != null) {
                Requirement r = new Requirement(k, op, Set.of(v));
                if (!reqs.contains(r)) {
                    reqs.add(r);
                }
            }
        }
    }

    public boolean isAffinity() {
        return kind == Kind.REQUIRED_AFFINITY || kind == Kind.PREFERRED_AFFINITY;
    }

    /** Whether a pod in {@code namespace} (whose Namespace carries {@code namespaceLabels}) with {@code labels} matches. */
    public boolean matches(String namespace, Map<String, String> labels, Map<String, String> namespaceLabels) {
        if (selector == null) {
            return false;
        }
        if (!namespaces.contains(namespace)
                && (namespaceSelector == null || !namespaceSelector.matches(namespaceLabels))) {
            return false;
        }
        return selector.matches(labels);
    }

    public boolean matches(PodInfo pod, Map<String, String> namespaceLabels) {
        return matches(pod.namespace(), pod.labels(), namespaceLabels);
    }

    /** The same term with its namespace selector folded into an explicit namespace set (done once per incoming pod). */
    public AffinityTerm withNamespaces(Set<String> resolved) {
        return new AffinityTerm(kind, weight, resolved, null, selector, topologyKey);
    }
}
