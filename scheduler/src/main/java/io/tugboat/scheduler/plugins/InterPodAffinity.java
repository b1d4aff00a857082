package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.AffinityTerm;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod affinity and anti-affinity by topology domain. Filtering: the pod's required affinity (a domain must
 * hold a pod matching all its terms, unless no pod anywhere does and the pod matches them itself), its
 * required anti-affinity, and the symmetric rule that existing pods' required anti-affinity may refuse it.
 * Scoring: its preferred terms, plus existing pods' preferred terms and required affinity (weight 1) that
 * match it, summed per domain and scaled between the lowest and highest node.
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {

    public static final String NAME = "InterPodAffinity";
    public static final String REASON_AFFINITY = "node(s) didn't match pod affinity rules";
    public static final String REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    public static final String REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    private static final Rejection AFFINITY = Rejection.unresolvable(NAME, REASON_AFFINITY);
    private static final Rejection ANTI_AFFINITY = Rejection.unschedulable(NAME, REASON_ANTI_AFFINITY);
    private static final Rejection EXISTING_ANTI_AFFINITY = Rejection.unschedulable(NAME, REASON_EXISTING_ANTI_AFFINITY);
    /** kube's hardPodAffinityWeight default: how much an existing pod's required affinity counts when scoring. */
    static final int HARD_POD_AFFINITY_WEIGHT = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        Map<String, String> nsLabels = snapshot.namespaceLabels(pod.namespace());
        Map<String, Set<String>> forbidden = new HashMap<>();
        snapshot.pods().forEachRequiredAntiAffinityTerm((term, counts) -> {
            if (term.matches(pod, nsLabels)) {
                Set<String> values = forbidden.computeIfAbsent(term.topologyKey(), k -> new HashSet<>());
                counts.forEach((value, n) -> values.add(value));
            }
        });
        List<AffinityTerm> affinity = resolve(pod.requiredAffinity(), snapshot);
        List<AffinityTerm> anti = resolve(pod.requiredAntiAffinity(), snapshot);
        if (forbidden.isEmpty() && affinity.isEmpty() && anti.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Integer>> affinityCounts = affinityCounts(affinity, snapshot);
        boolean selfMatch = !affinity.isEmpty() && affinity.stream().allMatch(t -> t.matches(pod, nsLabels));
        Map<String, Set<String>> antiDomains = new HashMap<>();
        for (AffinityTerm t : anti) {
            String[] values = snapshot.topologyValues(t.topologyKey());
            snapshot.pods().forEachMatching(t.namespaces(), t.selector(), e -> {
                String v = values[e.node()];
                if (v != null) {
                    antiDomains.computeIfAbsent(t.topologyKey(), k -> new HashSet<>()).add(v);
                }
            });
        }
        return node -> {
            if (!affinity.isEmpty()) {
                boolean podsExist = true;
                for (AffinityTerm t : affinity) {
                    String v = node.spec().label(t.topologyKey());
                    if (v == null) {
                        return AFFINITY;
                    }
                    Map<String, Integer> byValue = affinityCounts.get(t.topologyKey());
                    if (byValue == null || byValue.getOrDefault(v, 0) <= 0) {
                        podsExist = false;
                    }
                }
                // The first pod of a group with affinity to itself may go anywhere its terms' labels exist.
                if (!podsExist && !(affinityCounts.isEmpty() && selfMatch)) {
                    return AFFINITY;
                }
            }
            for (AffinityTerm t : anti) {
                String v = node.spec().label(t.topologyKey());
                Set<String> taken = antiDomains.get(t.topologyKey());
                if (v != null && taken != null && taken.contains(v)) {
                    return ANTI_AFFINITY;
                }
            }
            for (var e : forbidden.entrySet()) {
                String v = node.spec().label(e.getKey());
                if (v != null && e.getValue().contains(v)) {
                    return EXISTING_ANTI_AFFINITY;
                }
            }
            return null;
        };
    }

    /** Per topology key and value, the pods matching all of the pod's required affinity terms. */
    private static Map<String, Map<String, Integer>> affinityCounts(List<AffinityTerm> terms, ClusterSnapshot snapshot) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        if (terms.isEmpty()) {
            return counts;
        }
        AffinityTerm first = terms.get(0);
        snapshot.pods().forEachMatching(first.namespaces(), first.selector(), e -> {
            for (AffinityTerm t : terms) {
                if (!t.matches(e.pod(), Map.of())) {
                    return;
                }
            }
            for (AffinityTerm t : terms) {
                String v = snapshot.topologyValues(t.topologyKey())[e.node()];
                if (v != null) {
                    counts.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(v, 1, Integer::sum);
                }
            }
        });
        return counts;
    }

    /** The incoming pod's terms with namespaceSelector folded into explicit namespaces, as kube's PreFilter does. */
    static List<AffinityTerm> resolve(List<AffinityTerm> terms, ClusterSnapshot snapshot) {
        if (terms.isEmpty()) {
            return terms;
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (AffinityTerm t : terms) {
            if (t.namespaceSelector() == null) {
                out.add(t);
                continue;
            }
            Set<String> namespaces = new HashSet<>(t.namespaces());
            for (String ns : snapshot.namespaces()) {
                if (t.namespaceSelector().matches(snapshot.namespaceLabels(ns))) {
                    namespaces.add(ns);
                }
            }
            out.add(t.withNamespaces(Set.copyOf(namespaces)));
        }
        return out;
    }

    @Override
    public PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count) {
        Map<String, String> nsLabels = snapshot.namespaceLabels(pod.namespace());
        Map<String, Map<String, Long>> topologyScore = new HashMap<>();
        addIncoming(topologyScore, resolve(pod.preferredAffinity(), snapshot), 1, snapshot);
        addIncoming(topologyScore, resolve(pod.preferredAntiAffinity(), snapshot), -1, snapshot);
        snapshot.pods().forEachScoringTerm((term, counts) -> {
            if (!term.matches(pod, nsLabels)) {
                return;
            }
            long weight = switch (term.kind()) {
                case REQUIRED_AFFINITY -> HARD_POD_AFFINITY_WEIGHT;
                case PREFERRED_AFFINITY -> term.weight();
                case PREFERRED_ANTI_AFFINITY -> -term.weight();
                case REQUIRED_ANTI_AFFINITY -> 0;
            };
            Map<String, Long> byValue = topologyScore.computeIfAbsent(term.topologyKey(), k -> new HashMap<>());
            counts.forEach((value, n) -> byValue.merge(value, weight * n, Long::sum));
        });
        if (topologyScore.isEmpty()) {
            return null;
        }
        return new PodScorer() {
            @Override
            public long score(NodeInfo node) {
                long score = 0;
                for (var e : topologyScore.entrySet()) {
                    String v = node.spec().label(e.getKey());
                    if (v != null) {
                        score += e.getValue().getOrDefault(v, 0L);
                    }
                }
                return score;
            }

            @Override
            public void normalize(NodeInfo[] nodes, long[] scores, int count) {
                long max = 0;
                long min = 0;
                for (int i = 0; i < count; i++) {
                    max = Math.max(max, scores[i]);
                    min = Math.min(min, scores[i]);
                }
                long diff = max - min;
                for (int i = 0; i < count; i++) {
                    scores[i] = diff > 0 ? (long) (MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
                }
            }
        };
    }

    private static void addIncoming(Map<String, Map<String, Long>> topologyScore, List<AffinityTerm> terms, int sign,
                                    ClusterSnapshot snapshot) {
        for (AffinityTerm t : terms) {
            String[] values = snapshot.topologyValues(t.topologyKey());
            snapshot.pods().forEachMatching(t.namespaces(), t.selector(), e -> {
                String v = values[e.node()];
                if (v != null) {
                    topologyScore.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(v, (long) sign * t.weight(), Long::sum);
                }
            });
        }
    }
}
