package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which services the endpoint controllers keep endpoints for, and which pods back them. A service's selector is
 * a plain equality map; an empty one counts as none (the API drops an empty map, as kube's does), so such a
 * service gets its endpoints from its user, not from a controller.
 */
public final class ServiceSelection {

    private ServiceSelection() {
    }

    /** A service with a selector that is not ExternalName: its endpoints are a controller's to keep. */
    public static boolean managesEndpoints(Service service) {
        if (service.getSpec() == null || "ExternalName".equals(service.getSpec().getType())) {
            return false;
        }
        Map<String, String> selector = service.getSpec().getSelector();
        return selector != null && !selector.isEmpty();
    }

    public static boolean selects(Service service, Pod pod) {
        if (!managesEndpoints(service) || !Objects.equals(service.getMetadata().getNamespace(), pod.getMetadata().getNamespace())) {
            return false;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return service.getSpec().getSelector().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The pods of {@code candidates} the service selects, in no particular order. */
    public static List<Pod> selected(Service service, Collection<Pod> candidates) {
        return candidates.stream().filter(p -> selects(service, p)).toList();
    }

    /** kube's !IsServiceIPSet: no cluster IP (yet), or "None"; such services' endpoints carry the headless label. */
    static boolean withoutClusterIp(Service service) {
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip == null || ip.isEmpty() || "None".equals(ip);
    }

    static boolean isHeadless(Service service) {
        return service.getSpec() != null && "None".equals(service.getSpec().getClusterIP());
    }

    static boolean publishesNotReady(Service service) {
        return service.getSpec() != null && Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    }
}
