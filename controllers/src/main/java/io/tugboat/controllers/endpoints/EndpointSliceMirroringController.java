package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * kube's endpointslicemirroring controller: a Service without a selector whose Endpoints a user wrote gets those
 * Endpoints as EndpointSlices too, so that the node proxies (which read only slices) and cluster DNS serve it.
 * Endpoints labelled {@code endpointslice.kubernetes.io/skip-mirror=true} are left alone (the API server's own).
 */
public final class EndpointSliceMirroringController extends LoopController<ObjectKey> {

    private final KubernetesClient client;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Endpoints> endpoints;
    private final SharedIndexInformer<EndpointSlice> slices;

    public EndpointSliceMirroringController(KubernetesClient client, SharedInformers informers) {
        super("endpointslicemirroring", 2);
        this.client = client;
        this.services = informers.forKind(Service.class);
        this.endpoints = informers.forKind(Endpoints.class);
        this.slices = informers.forKind(EndpointSlice.class);
        services.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        endpoints.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        Service service = services.getIndexer().getByKey(key.cacheKey());
        Endpoints source = endpoints.getIndexer().getByKey(key.cacheKey());
        List<EndpointSlice> desired = MirroredSlices.wanted(service, source) ? MirroredSlices.of(service, source) : List.of();
        Map<String, EndpointSlice> current = new HashMap<>();
        for (EndpointSlice slice : slices.getIndexer().byIndex("namespace", key.namespace())) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels != null && MirroredSlices.MANAGED_BY.equals(labels.get(SliceLabels.MANAGED_BY))
                    && key.name().equals(labels.get(SliceLabels.SERVICE_NAME))) {
                current.put(slice.getMetadata().getName(), slice);
            }
        }
        var api = client.discovery().v1().endpointSlices().inNamespace(key.namespace());
        try {
            for (EndpointSlice want : desired) {
                EndpointSlice have = current.remove(want.getMetadata().getName());
                if (have == null || !sameContent(have, want)) {
                    api.resource(want).createOr(NonDeletingOperation::update);
                }
            }
            for (EndpointSlice stale : current.values()) {
                api.withName(stale.getMetadata().getName()).delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return Optional.of(Duration.ofSeconds(1)); // the service went or another write won: look again
            }
            throw e;
        }
        return Optional.empty();
    }

    private static boolean sameContent(EndpointSlice a, EndpointSlice b) {
        return Objects.equals(a.getEndpoints(), b.getEndpoints()) && Objects.equals(a.getPorts(), b.getPorts())
                && Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels());
    }
}
