package io.tugboat.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.api.Json;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube's node lifecycle controller, reduced to what Tugboat's agents need: a node whose Lease in kube-node-lease has
 * not changed for the grace period gets its agent-owned conditions Unknown and the unreachable taints; a renewed lease
 * takes the taints away (the agent sets Ready itself on its next report). Pods on a node with NoExecute taints are
 * deleted as the taint manager does: at once when not tolerated, after tolerationSeconds when tolerated for a time.
 * Keys are node names; every node is looked at again each monitor period, since silence sends no event.
 */
public final class NodeLifecycleController extends LoopController<String> {

    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);

    /** kube-controller-manager's --node-monitor-grace-period. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(40);
    /** kube's --node-monitor-period. */
    static final Duration MONITOR_PERIOD = Duration.ofSeconds(5);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final String BY_NODE = "nodelifecycle.byNodeName";

    private final KubernetesClient client;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Lease> leases;
    private final SharedIndexInformer<Pod> pods;
    private final Clock clock;
    private final Duration grace;
    private final LeaseClock leaseClock = new LeaseClock();

    public NodeLifecycleController(KubernetesClient client, SharedInformers informers, Clock clock) {
        this(client, informers, clock, DEFAULT_GRACE);
    }

    public NodeLifecycleController(KubernetesClient client, SharedInformers informers, Clock clock, Duration grace) {
        super("nodelifecycle", 2);
        this.client = client;
        this.clock = clock;
        this.grace = grace;
        this.nodes = informers.forKind(Node.class);
        this.leases = informers.forKind(Lease.class);
        this.pods = informers.forKind(Pod.class);
        Function<Pod, List<String>> byNode = p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                ? List.of() : List.of(p.getSpec().getNodeName());
        pods.addIndexers(Map.of(BY_NODE, byNode));
        nodes.addEventHandler(handler(n -> n.getMetadata().getName()));
        leases.addEventHandler(handler(l -> LEASE_NAMESPACE.equals(l.getMetadata().getNamespace()) ? l.getMetadata().getName() : null));
        pods.addEventHandler(handler(p -> {
            // only a pod landing on a node with NoExecute taints needs a look; silence is covered by the monitor period
            String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
            Node n = node == null ? null : nodes.getIndexer().getByKey(node);
            return n != null && hasNoExecute(n) ? node : null;
        }));
    }

    @Override
    protected Optional<Duration> reconcile(String name) {
        Node node = nodes.getIndexer().getByKey(name);
        if (node == null) {
            leaseClock.forget(name);
            return Optional.empty();
        }
        Instant now = clock.instant();
        Lease lease = leases.getIndexer().getByKey(LEASE_NAMESPACE + "/" + name);
        String renewal = lease == null ? null
                : lease.getSpec() != null && lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime().toString()
                : lease.getMetadata().getResourceVersion();
        Instant heard = leaseClock.observe(name, renewal, now);
        boolean silent = now.isAfter(heard.plus(grace));
        List<Taint> taints = node.getSpec() == null ? List.of() : node.getSpec().getTaints();
        if (silent) {
            Node marked = markUnknown(node, now);
            taints = writeTaints(marked, NodeStatusUnknown.withUnreachable(taints, now));
        } else {
            taints = writeTaints(node, NodeStatusUnknown.withoutUnreachable(taints));
        }
        Duration next = MONITOR_PERIOD;
        Optional<Instant> due = evict(name, taints, now);
        if (due.isPresent()) {
            Duration until = Duration.between(now, due.get()).plusMillis(100);
            next = until.compareTo(next) < 0 ? until : next;
        }
        return Optional.of(next);
    }

    /** Writes the Unknown conditions if they differ; returns the node as it now is. */
    private Node markUnknown(Node node, Instant now) {
        List<NodeCondition> current = node.getStatus() == null ? List.of() : node.getStatus().getConditions();
        List<NodeCondition> unknown = NodeStatusUnknown.conditions(current, now);
        if (Objects.equals(current, unknown)) {
            return node;
        }
        log.info("node {} has not renewed its lease for {}; marking it NotReady", node.getMetadata().getName(), grace);
        var patch = Json.MAPPER.createObjectNode();
        // pinned to the version read, so a report the agent sent meanwhile is not overwritten
        patch.putObject("metadata").put("resourceVersion", node.getMetadata().getResourceVersion());
        patch.putObject("status").set("conditions", Json.MAPPER.valueToTree(unknown));
        return client.nodes().withName(node.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    /** Writes the node's taints if they differ; returns the taints the node now has. */
    private List<Taint> writeTaints(Node node, List<Taint> wanted) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        if (current.equals(wanted)) {
            return current;
        }
        var patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", node.getMetadata().getResourceVersion());
        patch.putObject("spec").set("taints", Json.MAPPER.valueToTree(wanted));
        // pinned: a taint someone else added meanwhile must not be lost (a 409 re-queues with back-off)
        client.nodes().withName(node.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        log.info("node {} taints now {}", node.getMetadata().getName(),
                wanted.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
        return wanted;
    }

    /** Deletes the pods that must leave now; returns the earliest later deadline. */
    private Optional<Instant> evict(String node, List<Taint> taints, Instant now) {
        if (taints == null || taints.stream().noneMatch(t -> "NoExecute".equals(t.getEffect()))) {
            return Optional.empty();
        }
        Instant next = null;
        for (Pod pod : pods.getIndexer().byIndex(BY_NODE, node)) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Optional<Instant> deadline = TaintEviction.deadline(pod, taints, now);
            if (deadline.isEmpty()) {
                continue;
            }
            if (!deadline.get().isAfter(now)) {
                delete(pod, node);
            } else if (next == null || deadline.get().isBefore(next)) {
                next = deadline.get();
            }
        }
        return Optional.ofNullable(next);
    }

    private void delete(Pod pod, String node) {
        log.info("evicting pod {}/{} from node {} (NoExecute taint)", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean hasNoExecute(Node n) {
        return n.getSpec() != null && n.getSpec().getTaints() != null
                && n.getSpec().getTaints().stream().anyMatch(t -> "NoExecute".equals(t.getEffect()));
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> handler(Function<T, String> key) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                enqueue(key.apply(obj));
            }

            @Override
            public void onUpdate(T before, T after) {
                enqueue(key.apply(after));
            }

            @Override
            public void onDelete(T obj, boolean unknownFinalState) {
                enqueue(key.apply(obj));
            }
        };
    }

    private void enqueue(String node) {
        if (node != null) {
            loop().enqueue(node);
        }
    }
}
