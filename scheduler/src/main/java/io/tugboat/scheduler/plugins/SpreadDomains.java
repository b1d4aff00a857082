package io.tugboat.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Toleration;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeSpec;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.snapshot.RequiredNodeAffinity;
import io.tugboat.scheduler.snapshot.SpreadConstraint;
import io.tugboat.scheduler.snapshot.TaintInfo;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For one spread constraint of one pod: which nodes count (they carry every topology key of the pod's
 * constraints and pass the inclusion policies), the domains those nodes form, and how many matching pods
 * each domain holds. Eligibility depends only on nodes, so it is cached on the node set; the counts come
 * from the snapshot's label index, never from a scan of all pods.
 */
final class SpreadDomains {

    /** Eligible nodes and their domains, a pure function of the node set and this key. */
    private record Eligible(BitSet nodes, Set<String> domains) {
    }

    private record EligibleKey(List<String> allKeys, String key, RequiredNodeAffinity affinity, List<Toleration> tolerations) {
    }

    final SpreadConstraint constraint;
    final Set<String> domains;
    final Map<String, Integer> counts = new HashMap<>();
    final String[] values;

    SpreadDomains(SpreadConstraint c, List<String> allKeys, PodInfo pod, ClusterSnapshot snapshot) {
        this.constraint = c;
        RequiredNodeAffinity affinity = c.honorNodeAffinity() ? pod.requiredNodeAffinity() : null;
        List<Toleration> tolerations = c.honorNodeTaints() ? pod.tolerations() : null;
        Eligible eligible = snapshot.nodeCache(new EligibleKey(allKeys, c.topologyKey(), affinity, tolerations),
                k -> eligible(k, snapshot));
        this.domains = eligible.domains();
        this.values = snapshot.topologyValues(c.topologyKey());
        snapshot.pods().forEachMatching(Set.of(pod.namespace()), c.selector(), e -> {
            if (!e.pod().terminating() && eligible.nodes().get(e.node())) {
                counts.merge(values[e.node()], 1, Integer::sum);
            }
        });
    }

    private static Eligible eligible(EligibleKey k, ClusterSnapshot snapshot) {
        BitSet nodes = new BitSet(snapshot.nodeCount());
        Set<String> domains = new HashSet<>();
        for (int i = 0; i < snapshot.nodeCount(); i++) {
            NodeSpec n = snapshot.node(i).spec();
            if (!hasAll(n, k.allKeys())
                    || (k.affinity() != null && !k.affinity().matches(n))
                    || (k.tolerations() != null && !toleratesAll(n, k.tolerations()))) {
                continue;
            }
            nodes.set(i);
            domains.add(n.label(k.key()));
        }
        return new Eligible(nodes, Set.copyOf(domains));
    }

    static boolean hasAll(NodeSpec n, List<String> keys) {
        for (String key : keys) {
            if (n.label(key) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean toleratesAll(NodeSpec n, List<Toleration> tolerations) {
        for (TaintInfo t : n.taints()) {
            if (t.blocksScheduling() && !t.toleratedByAny(tolerations)) {
                return false;
            }
        }
        return true;
    }

    int count(String domain) {
        return counts.getOrDefault(domain, 0);
    }

    /** The global minimum for skew: 0 while some eligible domain is empty or there are fewer than minDomains. */
    int minMatch() {
        if (domains.size() < constraint.minDomains() || counts.size() < domains.size()) {
            return 0;
        }
        int min = Integer.MAX_VALUE;
        for (int v : counts.values()) {
            min = Math.min(min, v);
        }
        return min == Integer.MAX_VALUE ? 0 : min;
    }
}
