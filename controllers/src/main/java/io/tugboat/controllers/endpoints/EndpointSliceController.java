package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube's EndpointSlice controller: every service with a selector (not ExternalName) has discovery.k8s.io/v1
 * EndpointSlices listing its selected pods, grouped by the ports they resolve to, at most 100 a slice, with
 * kube's conditions, labels and controller reference. Slices it manages carry its managed-by label; those of a
 * service that is gone, lost its selector or became ExternalName are deleted. Pod, service and slice events
 * enqueue the service; a sync writes only what differs.
 */
public final class EndpointSliceController extends LoopController<ObjectKey> {

    private static final Logger log = LoggerFactory.getLogger(EndpointSliceController.class);
    /** Index of managed slices by the key ("namespace/name") of their service. */
    static final String BY_SERVICE = "managedSliceService";
    private static final Duration CREATED_TTL = Duration.ofSeconds(30);
    private static final Duration CACHE_BEHIND_RETRY = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final TriggerTimes triggerTimes = new TriggerTimes();
    private final CreatedSlices created;

    public EndpointSliceController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("endpointslice", 4);
        this.client = client;
        this.services = informers.forKind(Service.class);
        this.pods = informers.forKind(Pod.class);
        this.slices = informers.forKind(EndpointSlice.class);
        this.created = new CreatedSlices(clock, CREATED_TTL);
        slices.addIndexers(Map.of(BY_SERVICE, s -> Optional.ofNullable(serviceOf(s)).map(k -> List.of(k.cacheKey())).orElse(List.of())));
        services.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        pods.addEventHandler(new ServicePodEvents(services, loop()::enqueue));
        slices.addEventHandler(new SliceEvents());
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        List<EndpointSlice> current = slices.getIndexer().byIndex(BY_SERVICE, key.cacheKey());
        Service service = services.getIndexer().getByKey(key.cacheKey());
        if (service == null || !ServiceSelection.managesEndpoints(service)) {
            if (service == null) {
                triggerTimes.forget(key);
                created.forget(key);
            }
            current.forEach(s -> delete(key, s.getMetadata().getName()));
            return Optional.empty();
        }
        if (!created.allSeen(key, name -> slices.getIndexer().getByKey(key.namespace() + "/" + name) != null)) {
            return Optional.of(CACHE_BEHIND_RETRY); // its creation event re-queues the service sooner
        }
        List<Pod> selected = ServiceSelection.selected(service, pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace()));
        Optional<Instant> trigger = triggerTimes.compute(service, selected);
        var desired = SlicePlanner.desired(PodEndpoints.of(service, selected), ServiceSelection.publishesNotReady(service));
        List<CurrentSlice> existing = current.stream().map(s -> SliceObjects.read(s, service)).toList();
        SlicePlan plan = SlicePlanner.plan(desired, existing, SliceLabels.of(service), SlicePlanner.MAX_ENDPOINTS_PER_SLICE);
        if (!plan.isEmpty()) {
            apply(key, service, current, plan, trigger);
        }
        return Optional.empty();
    }

    private void apply(ObjectKey key, Service service, List<EndpointSlice> current, SlicePlan plan, Optional<Instant> trigger) {
        // kube creates nothing for a service being deleted: the garbage collector would race the new slices
        if (!Owners.isDeleting(service)) {
            for (SliceContent content : plan.creates()) {
                try {
                    EndpointSlice made = client.resources(EndpointSlice.class).inNamespace(key.namespace())
                            .resource(SliceObjects.create(service, content, trigger)).create();
                    created.created(key, made.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 403 && e.getCode() != 404) {
                        throw e;
                    }
                    // the namespace is being deleted, and the service with it
                    log.debug("service {}: no endpoint slice created: {}", key, e.getMessage());
                    return;
                }
            }
        }
        plan.updates().forEach((name, content) -> {
            EndpointSlice cached = current.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            try {
                client.resources(EndpointSlice.class).inNamespace(key.namespace())
                        .resource(SliceObjects.rewrite(cached, content, trigger)).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e; // 409: our cache was behind; the slice's update event re-queues the service
                }
            }
        });
        plan.deletes().forEach(name -> delete(key, name));
        log.debug("service {}: endpoint slices created {}, updated {}, deleted {}", key, plan.creates().size(),
                plan.updates().size(), plan.deletes().size());
    }

    private void delete(ObjectKey service, String slice) {
        try {
            client.resources(EndpointSlice.class).inNamespace(service.namespace()).withName(slice).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The service a slice belongs to, when this controller manages it. */
    private static ObjectKey serviceOf(EndpointSlice slice) {
        String name = SliceLabels.managedServiceName(slice.getMetadata().getLabels());
        return name == null ? null : new ObjectKey(slice.getMetadata().getNamespace(), name);
    }

    /** Any change to a managed slice (ours, or someone else's edit of it) has its service looked at again. */
    private final class SliceEvents implements ResourceEventHandler<EndpointSlice> {
        @Override
        public void onAdd(EndpointSlice slice) {
            enqueue(slice);
        }

        @Override
        public void onUpdate(EndpointSlice before, EndpointSlice after) {
            if (!Objects.equals(serviceOf(before), serviceOf(after))) {
                enqueue(before);
            }
            enqueue(after);
        }

        @Override
        public void onDelete(EndpointSlice slice, boolean deletedFinalStateUnknown) {
            enqueue(slice);
        }

        private void enqueue(EndpointSlice slice) {
            ObjectKey service = serviceOf(slice);
            if (service != null) {
                loop().enqueue(service);
            }
        }
    }
}
