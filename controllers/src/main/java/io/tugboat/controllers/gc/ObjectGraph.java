package io.tugboat.controllers.gc;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * kube's GC graph reduced to two maps: every object by uid, and the uids of the dependents of each owner uid
 * (owners need not exist: a dependent of a deleted owner is found through it).
 */
final class ObjectGraph {

    private final ConcurrentMap<String, GraphNode> nodes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> dependents = new ConcurrentHashMap<>();

    /** Records the object; returns what it replaced, if anything. */
    synchronized Optional<GraphNode> put(GraphNode node) {
        GraphNode before = nodes.put(node.uid(), node);
        if (before != null) {
            before.owners().forEach(ref -> unlink(ref.getUid(), node.uid()));
        }
        node.owners().forEach(ref -> dependents.computeIfAbsent(ref.getUid(), k -> ConcurrentHashMap.newKeySet()).add(node.uid()));
        return Optional.ofNullable(before);
    }

    synchronized Optional<GraphNode> remove(String uid) {
        GraphNode before = nodes.remove(uid);
        if (before != null) {
            before.owners().forEach(ref -> unlink(ref.getUid(), uid));
        }
        return Optional.ofNullable(before);
    }

    private void unlink(String ownerUid, String dependentUid) {
        Set<String> set = dependents.get(ownerUid);
        if (set != null) {
            set.remove(dependentUid);
            if (set.isEmpty()) {
                dependents.remove(ownerUid);
            }
        }
    }

    Optional<GraphNode> get(String uid) {
        return Optional.ofNullable(nodes.get(uid));
    }

    List<GraphNode> dependentsOf(String ownerUid) {
        Set<String> set = dependents.get(ownerUid);
        if (set == null) {
            return List.of();
        }
        return set.stream().map(nodes::get).filter(n -> n != null).toList();
    }

    List<String> dependentUids(String ownerUid) {
        Set<String> set = dependents.get(ownerUid);
        return set == null ? List.of() : List.copyOf(set);
    }
}
