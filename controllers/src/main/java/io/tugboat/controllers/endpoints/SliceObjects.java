package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditionsBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.tugboat.controllers.support.Owners;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Between the API's EndpointSlice objects and the planner's records. */
final class SliceObjects {

    static final String ADDRESS_TYPE = "IPv4";

    private SliceObjects() {
    }

    static CurrentSlice read(EndpointSlice slice, Service service) {
        boolean owned = service != null && Owners.controllerOf(slice)
                .map(r -> r.getUid().equals(service.getMetadata().getUid()) && "Service".equals(r.getKind()))
                .orElse(false);
        List<PortSpec> ports = slice.getPorts() == null ? List.of() : slice.getPorts().stream()
                .map(p -> new PortSpec(p.getName(), p.getProtocol(), p.getPort() == null ? 0 : p.getPort(), p.getAppProtocol())).toList();
        List<SliceEndpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints().stream().map(SliceObjects::read).toList();
        // a slice of another address type is not one this controller keeps: as kube's, it goes
        return new CurrentSlice(slice.getMetadata().getName(), owned && ADDRESS_TYPE.equals(slice.getAddressType()),
                new SliceContent(ports, endpoints, slice.getMetadata().getLabels() == null ? Map.of() : slice.getMetadata().getLabels()));
    }

    private static SliceEndpoint read(Endpoint e) {
        var c = e.getConditions();
        boolean ready = c != null && Boolean.TRUE.equals(c.getReady());
        boolean serving = c != null && Boolean.TRUE.equals(c.getServing());
        boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
        return new SliceEndpoint(e.getAddresses() == null ? List.of() : e.getAddresses(), ready, serving, terminating,
                e.getHostname(), e.getNodeName(), PodRef.from(e.getTargetRef()));
    }

    /** A new slice for the service: generateName {@code <service>-}, controlled by the service. */
    static EndpointSlice create(Service service, SliceContent content, Optional<Instant> trigger) {
        ObjectMeta meta = new ObjectMetaBuilder()
                .withGenerateName(service.getMetadata().getName() + "-")
                .withNamespace(service.getMetadata().getNamespace())
                .withLabels(content.labels())
                .withAnnotations(TriggerTimes.annotate(null, trigger))
                .withOwnerReferences(Owners.controllerRef(service))
                .build();
        return build(meta, content);
    }

    /** The cached slice rewritten with new content; it keeps its resourceVersion so that a concurrent change is a conflict. */
    static EndpointSlice rewrite(EndpointSlice current, SliceContent content, Optional<Instant> trigger) {
        ObjectMeta meta = new ObjectMetaBuilder(current.getMetadata())
                .withLabels(content.labels())
                .withAnnotations(TriggerTimes.annotate(current.getMetadata().getAnnotations(), trigger))
                .build();
        return build(meta, content);
    }

    private static EndpointSlice build(ObjectMeta meta, SliceContent content) {
        EndpointSlice slice = new EndpointSlice();
        slice.setApiVersion("discovery.k8s.io/v1");
        slice.setKind("EndpointSlice");
        slice.setMetadata(meta);
        slice.setAddressType(ADDRESS_TYPE);
        slice.setPorts(content.ports().stream().map(p -> new EndpointPort(p.appProtocol(), p.name(), p.port(), p.protocol())).toList());
        slice.setEndpoints(content.endpoints().stream().map(SliceObjects::build).toList());
        return slice;
    }

    private static Endpoint build(SliceEndpoint e) {
        return new EndpointBuilder()
                .withAddresses(e.addresses())
                .withConditions(new EndpointConditionsBuilder().withReady(e.ready()).withServing(e.serving()).withTerminating(e.terminating()).build())
                .withHostname(e.hostname())
                .withNodeName(e.nodeName())
                .withTargetRef(e.targetRef() == null ? null : e.targetRef().toReference())
                .build();
    }

}
