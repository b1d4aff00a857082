package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The addresses DNS publishes for a Service, read from its EndpointSlices. */
final class ServiceBackends {

    private ServiceBackends() {
    }

    /**
     * The endpoints that are ready (a missing condition means ready, as the API says), or all of them when the
     * service publishes not-ready addresses; one per address, in slice order. FQDN slices name no address and
     * are skipped.
     */
    static List<Backend> of(ServiceView service, List<EndpointSlice> slices) {
        boolean all = service.publishesNotReady();
        Map<InetAddress, Backend> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if ("FQDN".equals(slice.getAddressType()) || slice.getEndpoints() == null) {
                continue;
            }
            List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (!all && !ready(endpoint) || endpoint.getAddresses() == null) {
                    continue;
                }
                for (String literal : endpoint.getAddresses()) {
                    Optional<InetAddress> address = IpLiterals.parse(literal);
                    if (address.isPresent() && !byAddress.containsKey(address.get())) {
                        byAddress.put(address.get(), new Backend(hostname(endpoint, literal), address.get(), ports));
                    }
                }
            }
        }
        return new ArrayList<>(byAddress.values());
    }

    private static boolean ready(Endpoint endpoint) {
        return endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
    }

    private static String hostname(Endpoint endpoint, String literal) {
        String hostname = endpoint.getHostname();
        return hostname == null || hostname.isEmpty()
                ? IpLiterals.dashed(literal)
                : hostname.toLowerCase(Locale.ROOT);
    }
}
