package io.tugboat.controllers.scheduling;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.api.Json;
import io.tugboat.client.ManagedFieldsDroppingStore;
import io.tugboat.client.PodBinding;
import io.tugboat.client.events.PodEventRecorder;
import io.tugboat.client.queue.QueueWorkers;
import io.tugboat.client.queue.WorkQueue;
import io.tugboat.scheduler.Profile;
import io.tugboat.scheduler.ScheduleResult;
import io.tugboat.scheduler.Scheduler;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-scheduler's loop around the pure {@link Scheduler}: pods without a node (for the default scheduler)
 * wait in a queue; one worker takes each, places it on a snapshot of the informers' nodes and pods plus the
 * pods it bound and the informers have not shown yet, and binds through pods/binding. A pod that fits
 * nowhere gets PodScheduled=False with the scheduler's message and a FailedScheduling event, and is tried
 * again when a node or pod changes (and every 5 minutes regardless). Preemption deletes the victims and
 * nominates the node.
 */
public final class SchedulerService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchedulerService.class);

    public static final String NAME = "default-scheduler";
    private static final Duration RETRY_UNSCHEDULABLE = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final Scheduler scheduler = new Scheduler(Profile.defaults(), new SplittableRandom());
    private final WorkQueue<String> queue = WorkQueue.withDefaultBackoff();
    private final Set<String> unschedulable = ConcurrentHashMap.newKeySet();
    /** Bindings written at once, as kube-scheduler's parallel binding goroutines; bounded, so that the API server's queue stays short. */
    private final Semaphore bindingsInFlight = new Semaphore(16);
    private final ExecutorService binders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bind-", 0).factory());
    private final Clock clock = Clock.systemUTC();
    private final PodEventRecorder events;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Namespace> namespaces;
    private SchedulingCache cache;
    private QueueWorkers<String> worker;

    public SchedulerService(KubernetesClient client) {
        this.client = client;
        this.events = new PodEventRecorder(client, NAME, null, clock);
    }

    public SchedulerService start() throws Exception {
        // the suppliers read the informers once they exist; the handlers below only record changes before that
        cache = new SchedulingCache(() -> nodes.getIndexer().list(), () -> namespaces.getIndexer().list(),
                () -> pods.getIndexer().list(), key -> pods.getIndexer().getByKey(key));
        nodes = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.nodesOrNamespacesChanged();
                retryUnschedulable();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                if (!Json.MAPPER.valueToTree(old.getSpec()).equals(Json.MAPPER.valueToTree(node.getSpec()))
                        || !java.util.Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                        || !java.util.Objects.equals(allocatable(old), allocatable(node))) {
                    cache.nodesOrNamespacesChanged();
                    retryUnschedulable();
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                cache.nodesOrNamespacesChanged();
            }
        }, 0);
        namespaces = client.namespaces().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace ns) {
                cache.nodesOrNamespacesChanged();
            }

            @Override
            public void onUpdate(Namespace old, Namespace ns) {
                if (!java.util.Objects.equals(old.getMetadata().getLabels(), ns.getMetadata().getLabels())) {
                    cache.nodesOrNamespacesChanged();
                }
            }

            @Override
            public void onDelete(Namespace ns, boolean unknown) {
                cache.nodesOrNamespacesChanged();
            }
        }, 0);
        // every pod of the cluster is cached here: without managedFields, which the scheduler never reads
        pods = ManagedFieldsDroppingStore.on(client.pods().inAnyNamespace().runnableInformer(0));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                cache.podChanged(key(pod), pod);
                consider(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                cache.podChanged(key(pod), pod);
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                cache.podChanged(key(pod), null);
                if (pod.getSpec().getNodeName() != null) {
                    retryUnschedulable();
                }
            }
        });
        pods.run();
        for (SharedIndexInformer<?> informer : java.util.List.of(nodes, namespaces, pods)) {
            informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        worker = new QueueWorkers<>("scheduler", queue, this::scheduleOne).start(1);
        return this;
    }

    /** A Node the agent has just created has no status yet. */
    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private void consider(Pod pod) {
        String key = key(pod);
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            unschedulable.remove(key);
            return;
        }
        if (isOurs(pod)) {
            queue.add(key);
        }
    }

    private static boolean isOurs(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return (name == null || name.isEmpty() || name.equals(NAME)) && pod.getMetadata().getDeletionTimestamp() == null
                && (pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty());
    }

    private void retryUnschedulable() {
        unschedulable.forEach(queue::add);
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private Optional<Duration> scheduleOne(String key) {
        Pod pod = pods.getIndexer().getByKey(key);
        if (pod == null || !isOurs(pod) || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty())
                || cache.isAssumed(key)) {
            return Optional.empty();
        }
        PodInfo info = PodInfo.of(pod);
        ScheduleResult result = scheduler.schedule(info, cache.snapshot());
        switch (result) {
            case ScheduleResult.Placed placed -> bind(pod, placed.nodeName());
            case ScheduleResult.Unschedulable none -> {
                markUnschedulable(pod, none.message());
                return Optional.of(RETRY_UNSCHEDULABLE);
            }
            case ScheduleResult.Preempt preempt -> {
                preempt(pod, preempt);
                return Optional.of(Duration.ofSeconds(1));
            }
        }
        return Optional.empty();
    }

    /**
     * kube-scheduler's binding cycle: the pod counts on its node at once (assumed) and the binding is written off the
     * scheduling thread, so the next pod is placed while this one's write is in flight. A failed binding forgets the
     * pod and queues it again.
     */
    private void bind(Pod pod, String nodeName) {
        cache.assume(pod, nodeName);
        bindingsInFlight.acquireUninterruptibly();
        binders.execute(() -> {
            try {
                writeBinding(pod, nodeName);
            } finally {
                bindingsInFlight.release();
            }
        });
    }

    private void writeBinding(Pod pod, String nodeName) {
        String key = key(pod);
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName()).withNamespace(pod.getMetadata().getNamespace())
                .withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
                .build();
        try {
            PodBinding.bind(client, binding);
            unschedulable.remove(key);
            events.normal(pod, null, "Scheduled", "Successfully assigned " + key + " to " + nodeName);
        } catch (KubernetesClientException e) {
            cache.forget(pod);
            if (e.getCode() != 409 && e.getCode() != 404) {
                // 409: bound by someone else; 404: gone. Anything else is worth another try.
                log.warn("cannot bind {} to {}: {}", key, nodeName, e.getMessage());
                queue.addRateLimited(key);
            }
        } catch (RuntimeException e) {
            cache.forget(pod);
            log.warn("cannot bind {} to {}: {}", key, nodeName, e.getMessage());
            queue.addRateLimited(key);
        }
    }

    private void markUnschedulable(Pod pod, String message) {
        unschedulable.add(key(pod));
        var condition = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
        if (condition != null && "False".equals(condition.getStatus()) && message.equals(condition.getMessage())) {
            return;
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var patch = Json.MAPPER.createObjectNode();
        var cond = patch.putObject("status").putArray("conditions").addObject();
        cond.put("type", "PodScheduled").put("status", "False").put("reason", "Unschedulable").put("message", message)
                .put("lastTransitionTime", now);
        try {
            // a strategic merge patch merges by condition type, keeping the others
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch.toString());
            events.warning(pod, null, "FailedScheduling", message);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void preempt(Pod pod, ScheduleResult.Preempt preempt) {
        for (PodInfo victim : preempt.victims()) {
            try {
                client.pods().inNamespace(victim.namespace()).withName(victim.name()).delete();
                Pod v = pods.getIndexer().getByKey(victim.namespace() + "/" + victim.name());
                if (v == null) {
                    continue;
                }
                events.normal(v, null, "Preempted", "Preempted by pod " + pod.getMetadata().getUid() + " on node "
                        + preempt.nodeName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"nominatedNodeName\":\"" + preempt.nodeName() + "\"}}");
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        binders.shutdown();
        try {
            if (!binders.awaitTermination(10, TimeUnit.SECONDS)) {
                binders.shutdownNow();
            }
        } catch (InterruptedException e) {
            binders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        events.close();
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {pods, nodes, namespaces}) {
            if (informer != null) {
                informer.stop();
            }
        }
    }
}
