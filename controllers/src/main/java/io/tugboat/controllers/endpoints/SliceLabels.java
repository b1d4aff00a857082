package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.Map;

/**
 * The labels of a service's managed EndpointSlices, as kube's setEndpointSliceLabels: the service's own labels
 * except the reserved ones, the headless label when the service has no cluster IP, the service name and the
 * controller's name (what marks a slice as this controller's to rewrite and delete).
 */
public final class SliceLabels {

    public static final String SERVICE_NAME = "kubernetes.io/service-name";
    public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    public static final String HEADLESS = "service.kubernetes.io/headless";

    private SliceLabels() {
    }

    public static Map<String, String> of(Service service) {
        Map<String, String> labels = new HashMap<>();
        if (service.getMetadata().getLabels() != null) {
            service.getMetadata().getLabels().forEach((k, v) -> {
                if (!k.equals(SERVICE_NAME) && !k.equals(MANAGED_BY) && !k.equals(HEADLESS)) {
                    labels.put(k, v);
                }
            });
        }
        if (ServiceSelection.withoutClusterIp(service)) {
            labels.put(HEADLESS, "");
        }
        labels.put(SERVICE_NAME, service.getMetadata().getName());
        labels.put(MANAGED_BY, CONTROLLER_NAME);
        return Map.copyOf(labels);
    }

    /** The name of the service whose managed slice this is, or null when this controller does not manage the slice. */
    static String managedServiceName(Map<String, String> labels) {
        if (labels == null || !CONTROLLER_NAME.equals(labels.get(MANAGED_BY))) {
            return null;
        }
        String name = labels.get(SERVICE_NAME);
        return name == null || name.isEmpty() ? null : name;
    }
}
