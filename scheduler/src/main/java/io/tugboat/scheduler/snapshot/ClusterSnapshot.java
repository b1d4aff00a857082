package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An immutable view of the cluster for scheduling: nodes in kube-scheduler's order (zones interleaved, so
 * that a partial filter pass spans zones), each with the pods on it, plus indexes for affinity and spread.
 * {@link #withPod} and {@link #withoutPod} derive a new snapshot in O(log pods): the nodes are kept in
 * chunks of 64, so a placement copies one chunk and the short chunk table rather than all 5,000 entries, and a
 * batch can be placed pod after pod, each seeing the last.
 */
public final class ClusterSnapshot {

    private static final int CHUNK_BITS = 6;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final NodeTable table;
    private final NodeInfo[][] chunks;
    private final PodIndex pods;

    private ClusterSnapshot(NodeTable table, NodeInfo[][] chunks, PodIndex pods) {
        this.table = table;
        this.chunks = chunks;
        this.pods = pods;
    }

    private static NodeInfo[][] chunk(NodeInfo[] all) {
        NodeInfo[][] out = new NodeInfo[(all.length + CHUNK - 1) / CHUNK][];
        for (int c = 0; c < out.length; c++) {
            out[c] = java.util.Arrays.copyOfRange(all, c * CHUNK, Math.min(all.length, (c + 1) * CHUNK));
        }
        return out;
    }

    /** A copy of the chunk table with node {@code i} replaced: one chunk and the table are copied, the rest shared. */
    private NodeInfo[][] replace(int i, NodeInfo node) {
        NodeInfo[][] next = chunks.clone();
        NodeInfo[] chunk = next[i >>> CHUNK_BITS].clone();
        chunk[i & (CHUNK - 1)] = node;
        next[i >>> CHUNK_BITS] = chunk;
        return next;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int nodeCount() {
        return table.specs.length;
    }

    /** The node at position {@code i} of the scheduling order. */
    public NodeInfo node(int i) {
        return chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
    }

    /** The node named {@code name}, or null. */
    public NodeInfo node(String name) {
        Integer i = table.byName.get(name);
        return i == null ? null : node(i);
    }

    public List<NodeInfo> nodes() {
        NodeInfo[] all = new NodeInfo[nodeCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = node(i);
        }
        return List.of(all);
    }

    public PodIndex pods() {
        return pods;
    }

    /** Labels of namespace {@code name}; empty when the snapshot was not told about it. */
    public Map<String, String> namespaceLabels(String name) {
        return table.namespaceLabels.getOrDefault(name, Map.of());
    }

    /** Every namespace the snapshot knows: those it was given and those holding pods. */
    public Set<String> namespaces() {
        Set<String> out = new TreeSet<>(table.namespaceLabels.keySet());
        pods.forEachNamespace(out::add);
        return out;
    }

    /** Per node index, the node's value for label {@code key} (null where absent); shared, do not modify. */
    public String[] topologyValues(String key) {
        return table.topologyValues(key);
    }

    /** A cache of values that depend only on the node set, shared by all snapshots derived from this one. */
    public <K, V> V nodeCache(K key, Function<K, V> compute) {
        return table.memo(key, compute);
    }

    /** The name of the node pod {@code namespace/name} is on, or null. */
    public String nodeOf(String namespace, String name) {
        PodEntry e = pods.find(namespace, namespace + "/" + name);
        return e == null ? null : node(e.node()).name();
    }

    public ClusterSnapshot withPod(Pod pod, String nodeName) {
        return withPod(PodInfo.of(pod), nodeName);
    }

    /** This snapshot with {@code pod} assumed on {@code nodeName} (moved there if it was elsewhere). */
    public ClusterSnapshot withPod(PodInfo pod, String nodeName) {
        Integer idx = table.byName.get(nodeName);
        if (idx == null) {
            throw new IllegalArgumentException("node \"" + nodeName + "\" is not in the snapshot");
        }
        ClusterSnapshot base = pods.find(pod.namespace(), pod.key()) == null ? this : withoutPod(pod.namespace(), pod.name());
        NodeInfo updated = base.node(idx).withPod(pod);
        return new ClusterSnapshot(table, base.replace(idx, updated), base.pods.with(pod, updated.spec()));
    }

    /** This snapshot without pod {@code namespace/name}; the same snapshot when it is not there. */
    public ClusterSnapshot withoutPod(String namespace, String name) {
        PodEntry e = pods.find(namespace, namespace + "/" + name);
        if (e == null) {
            return this;
        }
        NodeInfo updated = node(e.node()).withoutPod(e.pod().key());
        return new ClusterSnapshot(table, replace(e.node(), updated), pods.without(e.pod(), updated.spec()));
    }

    public ClusterSnapshot withoutPods(Collection<PodInfo> victims) {
        ClusterSnapshot s = this;
        for (PodInfo p : victims) {
            s = s.withoutPod(p.namespace(), p.name());
        }
        return s;
    }

    /** Collects nodes, bound pods and namespaces; {@link #build} orders the nodes as kube-scheduler's node tree. */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Pod> pods = new ArrayList<>();
        private final Map<String, Map<String, String>> namespaces = new HashMap<>();

        private Builder() {
        }

        public Builder node(Node node) {
            nodes.put(node.getMetadata().getName(), node);
            return this;
        }

        public Builder nodes(Collection<Node> all) {
            all.forEach(this::node);
            return this;
        }

        /** A pod bound to a node (spec.nodeName); unbound, finished (Succeeded/Failed) pods and pods on unknown nodes are ignored. */
        public Builder pod(Pod pod) {
            pods.add(pod);
            return this;
        }

        public Builder pods(Collection<Pod> all) {
            pods.addAll(all);
            return this;
        }

        public Builder namespace(Namespace ns) {
            var labels = ns.getMetadata().getLabels();
            namespaces.put(ns.getMetadata().getName(), labels == null ? Map.of() : Map.copyOf(labels));
            return this;
        }

        public Builder namespace(String name, Map<String, String> labels) {
            namespaces.put(name, Map.copyOf(labels));
            return this;
        }

        public ClusterSnapshot build() {
            List<Node> ordered = zoneInterleaved(nodes.values());
            List<NodeSpec> specs = new ArrayList<>(ordered.size());
            for (Node n : ordered) {
                specs.add(NodeSpec.of(n, specs.size()));
            }
            NodeTable table = new NodeTable(specs, namespaces);
            NodeInfo[] infos = new NodeInfo[specs.size()];
            for (NodeSpec s : specs) {
                infos[s.index()] = NodeInfo.empty(s);
            }
            PodIndex index = PodIndex.EMPTY;
            for (Pod p : pods) {
                String nodeName = p.getSpec() == null ? null : p.getSpec().getNodeName();
                String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
                Integer at = nodeName == null ? null : table.byName.get(nodeName);
                if (at == null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                    continue;
                }
                PodInfo info = PodInfo.of(p);
                if (index.find(info.namespace(), info.key()) != null) {
                    continue;
                }
                infos[at] = infos[at].withPod(info);
                index = index.with(info, specs.get(at));
            }
            return new ClusterSnapshot(table, chunk(infos), index);
        }

        /** kube-scheduler's node tree order: one node from each zone in turn, zones in order of first appearance. */
        private static List<Node> zoneInterleaved(Collection<Node> all) {
            Map<String, List<Node>> byZone = new LinkedHashMap<>();
            for (Node n : all) {
                Map<String, String> l = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
                String zone = l.getOrDefault("topology.kubernetes.io/region", "") + ":\u0000:"
                        + l.getOrDefault("topology.kubernetes.io/zone", "");
                byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(n);
            }
            List<Node> out = new ArrayList<>(all.size());
            List<List<Node>> zones = new ArrayList<>(byZone.values());
            for (int i = 0; out.size() < all.size(); i++) {
                for (List<Node> z : zones) {
                    if (i < z.size()) {
                        out.add(z.get(i));
                    }
                }
            }
            return out;
        }
    }
}
