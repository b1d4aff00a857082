package io.tugboat.controllers.scheduling;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * kube-scheduler's cache: the snapshot placements are made on, kept up to date by applying each pod change the
 * informer reports instead of rebuilding it from every pod before every placement (which made each placement
 * cost as much as the number of bound pods). A node or namespace change rebuilds it, as they are rare. Pods this
 * scheduler has bound but the informer has not yet shown bound are "assumed" on their node.
 *
 * <p>The informer threads only record changes; the snapshot is read and changed under this object's lock, by the
 * scheduler's one worker and by the bindings it started.
 */
final class SchedulingCache {

    /** A pod's latest state by key; null when it is gone. */
    private record PodChange(String key, Pod pod) {
    }

    private final Supplier<Collection<Node>> nodes;
    private final Supplier<Collection<Namespace>> namespaces;
    private final Supplier<Collection<Pod>> pods;
    private final Function<String, Pod> podByKey;
    private final Map<String, String> assumed = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<PodChange> changes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean rebuild = new AtomicBoolean(true);
    private ClusterSnapshot current;

    SchedulingCache(Supplier<Collection<Node>> nodes, Supplier<Collection<Namespace>> namespaces, Supplier<Collection<Pod>> pods,
            Function<String, Pod> podByKey) {
        this.nodes = nodes;
        this.namespaces = namespaces;
        this.pods = pods;
        this.podByKey = podByKey;
    }

    void nodesOrNamespacesChanged() {
        rebuild.set(true);
    }

    void podChanged(String key, Pod pod) {
        if (pod == null || isBound(pod)) {
            assumed.remove(key);
        }
        changes.add(new PodChange(key, pod));
    }

    boolean isAssumed(String key) {
        return assumed.containsKey(key);
    }

    /** The snapshot with every change seen so far. */
    synchronized ClusterSnapshot snapshot() {
        if (rebuild.getAndSet(false) || current == null) {
            // changes recorded from here on are applied again on top: applying a pod's latest state twice is harmless
            changes.clear();
            ClusterSnapshot.Builder builder = ClusterSnapshot.builder().nodes(nodes.get());
            namespaces.get().forEach(builder::namespace);
            ClusterSnapshot built = builder.pods(pods.get()).build();
            for (var entry : assumed.entrySet()) {
                Pod pod = podByKey.apply(entry.getKey());
                if (pod != null && !isBound(pod)) {
                    built = place(built, pod, entry.getValue());
                }
            }
            current = built;
        }
        PodChange change;
        while ((change = changes.poll()) != null) {
            current = apply(current, change);
        }
        return current;
    }

    /** The scheduler is binding {@code pod} to {@code nodeName}: it counts there from now on. */
    synchronized void assume(Pod pod, String nodeName) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        assumed.put(key, nodeName);
        current = place(snapshot(), pod, nodeName);
    }

    /** The binding failed: the pod counts nowhere until the informer says otherwise. */
    synchronized void forget(Pod pod) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (assumed.remove(key) != null && current != null) {
            current = current.withoutPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }
    }

    private ClusterSnapshot apply(ClusterSnapshot s, PodChange change) {
        int slash = change.key().indexOf('/');
        ClusterSnapshot without = s.withoutPod(change.key().substring(0, slash), change.key().substring(slash + 1));
        Pod pod = change.pod();
        if (pod == null || isFinished(pod)) {
            return without;
        }
        if (isBound(pod)) {
            return place(without, pod, pod.getSpec().getNodeName());
        }
        String assumedNode = assumed.get(change.key());
        return assumedNode == null ? without : place(without, pod, assumedNode);
    }

    /** {@code s} with the pod on {@code nodeName}, if that node is known (a pod on an unknown node counts nowhere). */
    private static ClusterSnapshot place(ClusterSnapshot s, Pod pod, String nodeName) {
        return s.node(nodeName) == null ? s : s.withPod(pod, nodeName);
    }

    private static boolean isBound(Pod pod) {
        return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
