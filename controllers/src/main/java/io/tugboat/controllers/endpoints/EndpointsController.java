package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube's endpoints controller, for the legacy v1 Endpoints: one Endpoints object named like each service with a
 * selector (not ExternalName), its subsets made by {@link EndpointSubsets}, its labels the service's plus the
 * headless label when the service has no cluster IP, as kube writes them (kube sets no managed-by label on
 * Endpoints). Services without a selector are left to their users; an Endpoints object whose service is gone is
 * deleted, which at start also clears those left from services deleted while no controller ran.
 */
public final class EndpointsController extends LoopController<ObjectKey> {

    private static final Logger log = LoggerFactory.getLogger(EndpointsController.class);
    /** Leader election records that older components keep in Endpoints objects without a service; kube spares them. */
    private static final String LEADER_RECORD = "control-plane.alpha.kubernetes.io/leader";

    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Endpoints> endpoints;
    private final TriggerTimes triggerTimes = new TriggerTimes();

    public EndpointsController(KubernetesClient client, SharedInformers informers) {
        super("endpoints", 4);
        this.client = client;
        this.services = informers.forKind(Service.class);
        this.pods = informers.forKind(Pod.class);
        this.endpoints = informers.forKind(Endpoints.class);
        services.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        pods.addEventHandler(new ServicePodEvents(services, loop()::enqueue));
        // an Endpoints object is named like its service: its own events re-check that service, which also puts
        // right a sync that ran on a cache not yet showing this controller's previous write
        endpoints.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        Service service = services.getIndexer().getByKey(key.cacheKey());
        Endpoints current = endpoints.getIndexer().getByKey(key.cacheKey());
        if (service == null) {
            triggerTimes.forget(key);
            if (current != null && !isLeaderRecord(current)) {
                delete(key);
            }
            return Optional.empty();
        }
        if (!ServiceSelection.managesEndpoints(service)) {
            return Optional.empty();
        }
        List<Pod> selected = ServiceSelection.selected(service, pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace()));
        Optional<Instant> trigger = triggerTimes.compute(service, selected);
        List<EndpointSubset> subsets = EndpointSubsets.of(service, PodEndpoints.of(service, selected));
        Map<String, String> labels = labels(service);
        if (current != null && Objects.equals(current.getSubsets(), subsets) && Objects.equals(labelsOf(current), labels)) {
            return Optional.empty();
        }
        ObjectMeta meta = (current == null ? new ObjectMetaBuilder().withName(key.name()).withNamespace(key.namespace())
                : new ObjectMetaBuilder(current.getMetadata()))
                .withLabels(labels)
                .withAnnotations(TriggerTimes.annotate(current == null ? null : current.getMetadata().getAnnotations(), trigger))
                .build();
        Endpoints desired = new Endpoints("v1", "Endpoints", meta, subsets);
        write(key, current == null, desired);
        return Optional.empty();
    }

    private void write(ObjectKey key, boolean create, Endpoints desired) {
        try {
            var resource = client.endpoints().inNamespace(key.namespace()).resource(desired);
            if (create) {
                resource.create();
            } else {
                resource.update();
            }
            log.debug("endpoints {} {}: {} subsets", key, create ? "created" : "updated", desired.getSubsets().size());
        } catch (KubernetesClientException e) {
            if (create && (e.getCode() == 403 || e.getCode() == 404)) {
                log.debug("endpoints {} not created, its namespace is going: {}", key, e.getMessage());
                return;
            }
            if (!create && e.getCode() == 404) {
                return; // deleted meanwhile; its delete event re-queues the service
            }
            throw e; // 409: our cache was behind; the informer's event re-queues the service
        }
    }

    private void delete(ObjectKey key) {
        try {
            client.endpoints().inNamespace(key.namespace()).withName(key.name()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The service's labels, and the headless label when it has no cluster IP (kube's rule). */
    static Map<String, String> labels(Service service) {
        Map<String, String> labels = new HashMap<>(service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels());
        if (ServiceSelection.withoutClusterIp(service)) {
            labels.put(SliceLabels.HEADLESS, "");
        } else {
            labels.remove(SliceLabels.HEADLESS);
        }
        return labels;
    }

    private static Map<String, String> labelsOf(Endpoints e) {
        return e.getMetadata().getLabels() == null ? Map.of() : e.getMetadata().getLabels();
    }

    private static boolean isLeaderRecord(Endpoints e) {
        return e.getMetadata().getAnnotations() != null && e.getMetadata().getAnnotations().containsKey(LEADER_RECORD);
    }
}
