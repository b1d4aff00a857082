package io.tugboat.controllers.endpoints;

import java.util.Comparator;
import java.util.List;

/**
 * One service port as a particular pod serves it: the service port's name, protocol and appProtocol, with the
 * port number resolved from its targetPort for that pod. Unnamed service ports have "" as name.
 */
public record PortSpec(String name, String protocol, int port, String appProtocol) {

    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<PortSpec> ORDER = Comparator.comparing(PortSpec::name, TEXT)
            .thenComparing(PortSpec::protocol, TEXT)
            .thenComparingInt(PortSpec::port)
            .thenComparing(PortSpec::appProtocol, TEXT);

    public PortSpec {
        name = name == null ? "" : name;
        protocol = protocol == null ? "TCP" : protocol;
    }

    /** The same ports in one fixed order, so that two lists naming the same set compare equal. */
    static List<PortSpec> canonical(List<PortSpec> ports) {
        return ports.stream().sorted(ORDER).toList();
    }

    static Comparator<PortSpec> order() {
        return ORDER;
    }
}
