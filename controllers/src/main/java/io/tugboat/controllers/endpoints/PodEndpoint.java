package io.tugboat.controllers.endpoints;

import java.util.List;

/**
 * One pod as a service's endpoint, before either controller shapes it: its IPv4 addresses, where it runs, the
 * DNS hostname it gets under the service (null if none), whether it is ready and whether it is being deleted,
 * and the service ports it serves (its resolved targetPorts; a pod lacking a named port does not serve that one).
 */
public record PodEndpoint(PodRef pod, List<String> addresses, String nodeName, String hostname,
        boolean podReady, boolean terminating, List<PortSpec> ports) {

    public PodEndpoint {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
    }
}
