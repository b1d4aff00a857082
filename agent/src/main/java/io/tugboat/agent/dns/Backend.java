package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.net.InetAddress;
import java.util.List;

/**
 * One address behind a Service, as DNS names it: {@code hostname} is the endpoint's hostname, or its dashed IP
 * when it has none (the "system-assigned identifier" of the DNS spec, CoreDNS's choice). {@code ports} are its
 * EndpointSlice's ports, which carry the target port numbers a headless service's SRV records must give.
 */
record Backend(String hostname, InetAddress address, List<EndpointPort> ports) {

    /** The port named {@code name} with {@code protocol}, both compared without case, if the slice lists one. */
    List<EndpointPort> ports(String name, String protocol) {
        return ports.stream()
                .filter(p -> p.getName() != null && p.getName().equalsIgnoreCase(name) && p.getPort() != null)
                .filter(p -> ServiceView.protocolOf(p.getProtocol()).equalsIgnoreCase(protocol))
                .toList();
    }
}
