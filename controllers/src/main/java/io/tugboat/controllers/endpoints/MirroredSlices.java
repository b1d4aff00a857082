package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.tugboat.controllers.support.Owners;
import java.util.ArrayList;
import java.util.List;

/**
 * The EndpointSlices kube's endpointslicemirroring controller makes from user-written Endpoints of a Service
 * without a selector (the way to point a Service at addresses outside the cluster): one slice per subset,
 * addresses ready, notReadyAddresses not, named {@code <service>-mirror-<n>} so that a reconcile finds its own.
 */
final class MirroredSlices {

    static final String MANAGED_BY = "endpointslicemirroring-controller.k8s.io";
    static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";

    private MirroredSlices() {
    }

    /** Whether {@code endpoints} of {@code service} should be mirrored at all. */
    static boolean wanted(Service service, Endpoints endpoints) {
        if (service == null || endpoints == null || service.getSpec() == null) {
            return false;
        }
        boolean selectorless = service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty();
        boolean skip = endpoints.getMetadata().getLabels() != null
                && "true".equals(endpoints.getMetadata().getLabels().get(SKIP_MIRROR));
        return selectorless && !skip && !"ExternalName".equals(service.getSpec().getType());
    }

    static List<EndpointSlice> of(Service service, Endpoints endpoints) {
        List<EndpointSlice> slices = new ArrayList<>();
        List<EndpointSubset> subsets = endpoints.getSubsets() == null ? List.of() : endpoints.getSubsets();
        for (int i = 0; i < subsets.size(); i++) {
            EndpointSubset subset = subsets.get(i);
            EndpointSliceBuilder slice = new EndpointSliceBuilder()
                    .withNewMetadata().withName(service.getMetadata().getName() + "-mirror-" + i)
                    .withNamespace(service.getMetadata().getNamespace())
                    .addToLabels(SliceLabels.SERVICE_NAME, service.getMetadata().getName())
                    .addToLabels(SliceLabels.MANAGED_BY, MANAGED_BY)
                    .withOwnerReferences(Owners.controllerRef(service))
                    .endMetadata()
                    .withAddressType("IPv4");
            addresses(slice, subset.getAddresses(), true);
            addresses(slice, subset.getNotReadyAddresses(), false);
            for (EndpointPort port : subset.getPorts() == null ? List.<EndpointPort>of() : subset.getPorts()) {
                slice.addNewPort().withName(port.getName()).withPort(port.getPort())
                        .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol()).withAppProtocol(port.getAppProtocol())
                        .endPort();
            }
            slices.add(slice.build());
        }
        return slices;
    }

    private static void addresses(EndpointSliceBuilder slice, List<EndpointAddress> addresses, boolean ready) {
        if (addresses == null) {
            return;
        }
        for (EndpointAddress a : addresses) {
            if (a.getIp() == null || a.getIp().contains(":")) {
                continue; // the slice is IPv4
            }
            slice.addToEndpoints(new EndpointBuilder().withAddresses(a.getIp()).withHostname(a.getHostname())
                    .withNodeName(a.getNodeName()).withTargetRef(a.getTargetRef())
                    .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                    .build());
        }
    }
}
