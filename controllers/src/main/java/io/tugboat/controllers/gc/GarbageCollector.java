package io.tugboat.controllers.gc;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.client.ManagedFieldsDroppingStore;
import io.tugboat.client.MetadataOnlyClient;
import io.tugboat.controllers.support.Controller;
import io.tugboat.controllers.support.ControllerLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube's garbage collector over every kind discovery lists: deletes objects whose owners are all gone
 * (background propagation), deletes the dependents of an owner deleted in the foreground before removing its
 * {@code foregroundDeletion} finalizer, and strips the owner references of an owner deleted with
 * {@code orphan} before removing that finalizer. The work queue holds object uids.
 */
public final class GarbageCollector implements Controller {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

    private enum OwnerState { SOLID, DANGLING, WAITING }

    private final KubernetesClient client;
    private final ObjectGraph graph = new ObjectGraph();
    private final GcWriter writer;
    private final ControllerLoop<String> loop;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    private KubernetesClient metadataClient;
    private ResourceCatalog catalog;

    public GarbageCollector(KubernetesClient client) {
        this.client = client;
        this.writer = new GcWriter(client);
        this.loop = new ControllerLoop<>("garbage-collector", 4);
    }

    @Override
    public String name() {
        return "garbage-collector";
    }

    /** Discovers the kinds, watches each of them, and starts the workers once every cache has listed. */
    @Override
    public synchronized void start() throws InterruptedException {
        catalog = ResourceCatalog.discover(client);
        // Metadata is all the graph needs: caching every ConfigMap's data and every Pod's spec would cost the
        // controller manager memory and each watch event its decoding, as kube's metadata informers avoid.
        metadataClient = MetadataOnlyClient.from(client);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (ApiResource r : catalog.all()) {
            SharedIndexInformer<GenericKubernetesResource> informer =
                    ManagedFieldsDroppingStore.on(metadataClient.genericKubernetesResources(r.context()).inAnyNamespace().runnableInformer(0));
            informer.addEventHandler(new Events(r));
            informers.add(informer);
            started.add(informer.start().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // a kind that cannot be listed must not stop collection of the others
            log.warn("garbage collector: not every kind could be listed within {}: {}", SYNC_TIMEOUT, e.toString());
        }
        log.info("garbage collector watching {} kinds", informers.size());
        loop.start(this::reconcile);
    }

    @Override
    public synchronized void close() {
        loop.close();
        informers.forEach(SharedIndexInformer::stop);
        if (metadataClient != null) {
            metadataClient.close();
        }
    }

    Optional<Duration> reconcile(String uid) {
        GraphNode node = graph.get(uid).orElse(null);
        if (node == null) {
            return Optional.empty();
        }
        if (node.orphaning()) {
            orphanDependents(node);
        } else if (node.deletingDependents()) {
            deleteDependentsFirst(node);
        } else if (!node.deleting() && !node.owners().isEmpty()) {
            collectIfOrphaned(node);
        }
        return Optional.empty();
    }

    /** kube's attemptToDeleteItem. */
    private void collectIfOrphaned(GraphNode node) {
        // the cache alone proves the common case, every owner alive, without a request
        if (node.owners().stream().allMatch(ref -> graph.get(ref.getUid()).map(o -> !o.deletingDependents()).orElse(false))) {
            return;
        }
        GenericKubernetesResource latest = writer.get(node.resource(), node.namespace(), node.name());
        if (latest == null || !node.uid().equals(latest.getMetadata().getUid())) {
            return;
        }
        List<OwnerReference> refs = latest.getMetadata().getOwnerReferences() == null ? List.of() : latest.getMetadata().getOwnerReferences();
        if (refs.isEmpty()) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<String> notSolid = new ArrayList<>();
        boolean waiting = false;
        for (OwnerReference ref : refs) {
            OwnerState state = ownerState(ref, node.namespace());
            if (state == OwnerState.SOLID) {
                solid.add(ref);
            } else {
                notSolid.add(ref.getUid());
                waiting |= state == OwnerState.WAITING;
            }
        }
        if (!solid.isEmpty()) {
            if (!notSolid.isEmpty()) {
                // some owners remain: only the references to gone or going owners are dropped
                writer.setOwnerReferences(node, latest, refs.stream().filter(r -> !notSolid.contains(r.getUid())).toList());
            }
            return;
        }
        DeletionPropagation policy;
        if (waiting && !graph.dependentUids(node.uid()).isEmpty()) {
            policy = DeletionPropagation.FOREGROUND; // an owner waits for us: our own dependents go before we do
        } else if (finalizers(latest).contains(GraphNode.ORPHAN)) {
            policy = DeletionPropagation.ORPHAN;
        } else if (finalizers(latest).contains(GraphNode.FOREGROUND)) {
            policy = DeletionPropagation.FOREGROUND;
        } else {
            policy = DeletionPropagation.BACKGROUND;
        }
        log.info("garbage collector: deleting {}: its owners are {} (propagation {})", node,
                waiting ? "gone or being deleted in the foreground" : "gone", policy);
        writer.delete(node, policy);
    }

    private OwnerState ownerState(OwnerReference ref, String namespace) {
        Optional<GraphNode> cached = graph.get(ref.getUid());
        if (cached.isPresent()) {
            return cached.get().deletingDependents() ? OwnerState.WAITING : OwnerState.SOLID;
        }
        Optional<ApiResource> kind = catalog.forOwner(ref.getApiVersion(), ref.getKind());
        if (kind.isEmpty()) {
            log.debug("garbage collector: owner kind {} {} is not served; treating the owner as present", ref.getApiVersion(), ref.getKind());
            return OwnerState.SOLID;
        }
        // not in our cache: it may be gone, or newer than our cache; only the API can tell
        GenericKubernetesResource live = writer.get(kind.get(), kind.get().namespaced() ? namespace : "", ref.getName());
        if (live == null || !ref.getUid().equals(live.getMetadata().getUid())) {
            return OwnerState.DANGLING;
        }
        boolean foreground = live.getMetadata().getDeletionTimestamp() != null && finalizers(live).contains(GraphNode.FOREGROUND);
        return foreground ? OwnerState.WAITING : OwnerState.SOLID;
    }

    /** kube's processDeletingDependentsItem: the owner goes once no dependent that blocks it is left. */
    private void deleteDependentsFirst(GraphNode owner) {
        List<GraphNode> dependents = graph.dependentsOf(owner.uid());
        List<GraphNode> blocking = dependents.stream().filter(d -> d.owners().stream()
                .anyMatch(r -> r.getUid().equals(owner.uid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()))).toList();
        if (blocking.isEmpty()) {
            if (writer.removeFinalizer(owner, GraphNode.FOREGROUND)) {
                log.info("garbage collector: dependents of {} are gone; removed its {} finalizer", owner, GraphNode.FOREGROUND);
            }
            return;
        }
        for (GraphNode d : dependents) {
            if (!d.deleting()) {
                loop.enqueue(d.uid());
            }
        }
    }

    /** kube's orphanDependents: every dependent loses its reference to the owner, then the owner its finalizer. */
    private void orphanDependents(GraphNode owner) {
        for (GraphNode d : graph.dependentsOf(owner.uid())) {
            GenericKubernetesResource latest = writer.get(d.resource(), d.namespace(), d.name());
            if (latest == null || latest.getMetadata().getOwnerReferences() == null) {
                continue;
            }
            List<OwnerReference> rest = latest.getMetadata().getOwnerReferences().stream()
                    .filter(r -> !r.getUid().equals(owner.uid())).toList();
            if (rest.size() != latest.getMetadata().getOwnerReferences().size()) {
                writer.setOwnerReferences(d, latest, rest);
            }
        }
        if (writer.removeFinalizer(owner, GraphNode.ORPHAN)) {
            log.info("garbage collector: dependents of {} orphaned; removed its {} finalizer", owner, GraphNode.ORPHAN);
        }
    }

    private static List<String> finalizers(GenericKubernetesResource o) {
        return o.getMetadata().getFinalizers() == null ? List.of() : o.getMetadata().getFinalizers();
    }

    /** Keeps the graph and enqueues the uids whose state may have changed; no requests here. */
    private final class Events implements ResourceEventHandler<GenericKubernetesResource> {
        private final ApiResource resource;

        Events(ApiResource resource) {
            this.resource = resource;
        }

        @Override
        public void onAdd(GenericKubernetesResource obj) {
            GraphNode node = GraphNode.of(resource, obj);
            graph.put(node);
            if (!node.owners().isEmpty() || node.deleting()) {
                loop.enqueue(node.uid());
            }
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            GraphNode node = GraphNode.of(resource, after);
            Optional<GraphNode> previous = graph.put(node);
            boolean changed = previous.map(p -> !Objects.equals(p.owners(), node.owners()) || p.deleting() != node.deleting()
                    || !Objects.equals(p.finalizers(), node.finalizers())).orElse(true);
            if (!changed) {
                return;
            }
            loop.enqueue(node.uid());
            // owners this object stopped pointing at may be waiting for it
            previous.ifPresent(p -> p.owners().forEach(ref -> loop.enqueue(ref.getUid())));
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean unknownFinalState) {
            String uid = obj.getMetadata().getUid();
            Optional<GraphNode> gone = graph.remove(uid);
            graph.dependentUids(uid).forEach(loop::enqueue);
            gone.ifPresent(n -> n.owners().forEach(ref -> loop.enqueue(ref.getUid())));
        }
    }
}
