package io.tugboat.scheduler.snapshot;

import io.tugboat.api.labels.LabelSelector;
import io.tugboat.api.labels.Requirement;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Persistent indexes over the pods of a snapshot, so that affinity and spread never scan every pod:
 * <ul>
 *   <li>pods by namespace and by (namespace, label key, label value), to find the pods a selector matches
 *       from its most selective equality requirement;</li>
 *   <li>existing pods' affinity terms grouped by the term itself, each with a count of carriers per topology
 *       value, so an incoming pod is checked once per distinct term (a Deployment's replicas share one) rather
 *       than once per pod. Required anti-affinity terms (filtering) are kept apart from the terms that only
 *       score (required affinity, preferred affinity and anti-affinity).</li>
 * </ul>
 */
public final class PodIndex {

    static final PodIndex EMPTY = new PodIndex(PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty(), PersistentMap.empty());

    private record LabelKey(String namespace, String key, String value) {
    }

    private final PersistentMap<String, PersistentMap<String, PodEntry>> byNamespace;
    private final PersistentMap<LabelKey, PersistentMap<String, PodEntry>> byLabel;
    private final PersistentMap<AffinityTerm, PersistentMap<String, Integer>> requiredAntiTerms;
    private final PersistentMap<AffinityTerm, PersistentMap<String, Integer>> scoringTerms;

    private PodIndex(PersistentMap<String, PersistentMap<String, PodEntry>> byNamespace,
                     PersistentMap<LabelKey, PersistentMap<String, PodEntry>> byLabel,
                     PersistentMap<AffinityTerm, PersistentMap<String, Integer>> requiredAntiTerms,
                     PersistentMap<AffinityTerm, PersistentMap<String, Integer>> scoringTerms) {
        this.byNamespace = byNamespace;
        this.byLabel = byLabel;
        this.requiredAntiTerms = requiredAntiTerms;
        this.scoringTerms = scoringTerms;
    }

    PodIndex with(PodInfo pod, NodeSpec node) {
        PodEntry entry = new PodEntry(pod, node.index());
        var ns = byNamespace.put(pod.namespace(), byNamespace.getOrDefault(pod.namespace(), PersistentMap.empty()).put(pod.key(), entry));
        var labels = byLabel;
        for (var l : pod.labels().entrySet()) {
            LabelKey k = new LabelKey(pod.namespace(), l.getKey(), l.getValue());
            labels = labels.put(k, labels.getOrDefault(k, PersistentMap.empty()).put(pod.key(), entry));
        }
        var anti = count(requiredAntiTerms, pod.requiredAntiAffinity(), node, 1);
        var scoring = count(scoringTerms, pod.requiredAffinity(), node, 1);
        scoring = count(scoring, pod.preferredAffinity(), node, 1);
        scoring = count(scoring, pod.preferredAntiAffinity(), node, 1);
        return new PodIndex(ns, labels, anti, scoring);
    }

    PodIndex without(PodInfo pod, NodeSpec node) {
        var inNs = byNamespace.getOrDefault(pod.namespace(), PersistentMap.empty()).remove(pod.key());
        var ns = inNs.isEmpty() ? byNamespace.remove(pod.namespace()) : byNamespace.put(pod.namespace(), inNs);
        var labels = byLabel;
        for (var l : pod.labels().entrySet()) {
            LabelKey k = new LabelKey(pod.namespace(), l.getKey(), l.getValue());
            var left = labels.getOrDefault(k, PersistentMap.empty()).remove(pod.key());
            labels = left.isEmpty() ? labels.remove(k) : labels.put(k, left);
        }
        var anti = count(requiredAntiTerms, pod.requiredAntiAffinity(), node, -1);
        var scoring = count(scoringTerms, pod.requiredAffinity(), node, -1);
        scoring = count(scoring, pod.preferredAffinity(), node, -1);
        scoring = count(scoring, pod.preferredAntiAffinity(), node, -1);
        return new PodIndex(ns, labels, anti, scoring);
    }

    private static PersistentMap<AffinityTerm, PersistentMap<String, Integer>> count(
            PersistentMap<AffinityTerm, PersistentMap<String, Integer>> terms, List<AffinityTerm> add, NodeSpec node, int delta) {
        for (AffinityTerm t : add) {
            // Kubernetes counts a term only where the carrier's node has the topology label.
            String value = node.label(t.topologyKey());
            if (value == null) {
                continue;
            }
            var counts = terms.getOrDefault(t, PersistentMap.empty());
            int n = counts.getOrDefault(value, 0) + delta;
            counts = n <= 0 ? counts.remove(value) : counts.put(value, n);
            terms = counts.isEmpty() ? terms.remove(t) : terms.put(t, counts);
        }
        return terms;
    }

    /** The entry of pod {@code key} ("namespace/name"), or null. */
    public PodEntry find(String namespace, String key) {
        var inNs = byNamespace.get(namespace);
        return inNs == null ? null : inNs.get(key);
    }

    /** Namespaces that hold at least one pod. */
    public void forEachNamespace(Consumer<String> action) {
        byNamespace.forEach((ns, pods) -> action.accept(ns));
    }

    /**
     * Calls {@code action} for every pod in {@code namespaces} whose labels {@code selector} matches. Walks the
     * smallest candidate set: the pods under one of the selector's equality requirements, else the namespaces.
     */
    public void forEachMatching(Collection<String> namespaces, LabelSelector selector, Consumer<PodEntry> action) {
        if (selector == null) {
            return;
        }
        Requirement best = null;
        long bestSize = 0;
        for (String ns : namespaces) {
            var inNs = byNamespace.get(ns);
            bestSize += inNs == null ? 0 : inNs.size();
        }
        for (Requirement r : selector.requirements()) {
            if (r.operator() != Requirement.Operator.EQUALS && r.operator() != Requirement.Operator.IN) {
                continue;
            }
            long size = 0;
            for (String ns : namespaces) {
                for (String v : r.values()) {
                    var list = byLabel.get(new LabelKey(ns, r.key(), v));
                    size += list == null ? 0 : list.size();
                }
            }
            if (size < bestSize) {
                best = r;
                bestSize = size;
            }
        }
        if (bestSize == 0) {
            return;
        }
        BiConsumer<String, PodEntry> check = (k, e) -> {
            if (selector.matches(e.pod().labels())) {
                action.accept(e);
            }
        };
        for (String ns : namespaces) {
            if (best == null) {
                var inNs = byNamespace.get(ns);
                if (inNs != null) {
                    inNs.forEach(check);
                }
            } else {
                for (String v : best.values()) {
                    var list = byLabel.get(new LabelKey(ns, best.key(), v));
                    if (list != null) {
                        list.forEach(check);
                    }
                }
            }
        }
    }

    /** Existing pods' required anti-affinity terms, each with its carriers counted per topology value. */
    public void forEachRequiredAntiAffinityTerm(BiConsumer<AffinityTerm, PersistentMap<String, Integer>> action) {
        requiredAntiTerms.forEach(action);
    }

    /** Existing pods' required affinity and preferred (anti-)affinity terms, counted per topology value. */
    public void forEachScoringTerm(BiConsumer<AffinityTerm, PersistentMap<String, Integer>> action) {
        scoringTerms.forEach(action);
    }

    public boolean hasRequiredAntiAffinityTerms() {
        return !requiredAntiTerms.isEmpty();
    }

    public boolean hasScoringTerms() {
        return !scoringTerms.isEmpty();
    }
}
