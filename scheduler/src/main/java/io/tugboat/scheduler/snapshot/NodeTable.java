package io.tugboat.scheduler.snapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The node set of a snapshot lineage: specs in scheduling order, a name index, namespace labels, and a
 * cache of values that depend only on nodes (topology values per key, which nodes a node-affinity admits).
 * Every snapshot derived by placing or removing pods shares one table, so the cache is paid for once per
 * node set rather than once per pod. Cached values are pure functions of the immutable specs; the map is
 * concurrent only so that snapshots can be read from several threads.
 */
final class NodeTable {

    private static final int MEMO_LIMIT = 4096;

    final NodeSpec[] specs;
    final Map<String, Integer> byName;
    final Map<String, Map<String, String>> namespaceLabels;
    private final ConcurrentHashMap<Object, Object> memo = new ConcurrentHashMap<>();

    NodeTable(List<NodeSpec> specs, Map<String, Map<String, String>> namespaceLabels) {
        this.specs = specs.toArray(new NodeSpec[0]);
        Map<String, Integer> idx = new HashMap<>();
        for (NodeSpec s : this.specs) {
            idx.put(s.name(), s.index());
        }
        this.byName = Map.copyOf(idx);
        this.namespaceLabels = Map.copyOf(namespaceLabels);
    }

    private record TopologyValues(String key) {
    }

    /** Per node index, the node's value of label {@code key}, or null. */
    String[] topologyValues(String key) {
        return memo(new TopologyValues(key), k -> {
            String[] out = new String[specs.length];
            for (NodeSpec s : specs) {
                out[s.index()] = s.label(key);
            }
            return out;
        });
    }

    @SuppressWarnings("unchecked")
    <K, V> V memo(K key, Function<K, V> compute) {
        Object v = memo.get(key);
        if (v == null) {
            if (memo.size() >= MEMO_LIMIT) {
                memo.clear();
            }
            v = compute.apply(key);
            memo.putIfAbsent(key, v);
        }
        return (V) v;
    }
}
