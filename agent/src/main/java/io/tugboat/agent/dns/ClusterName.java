package io.tugboat.agent.dns;

import java.util.Locale;
import org.xbill.DNS.Name;

/** What a name inside the cluster domain stands for, read from its labels alone (no lookup yet). */
sealed interface ClusterName {

    /** The zone itself. */
    record Apex() implements ClusterName {}

    /** {@code dns-version.<zone>}, the schema version's TXT record. */
    record DnsVersion() implements ClusterName {}

    /** A name that always exists but holds no records: {@code svc.<zone>}, {@code pod.<zone>}, {@code <ns>.pod.<zone>}. */
    record Empty() implements ClusterName {}

    /** {@code <ns>.svc.<zone>} */
    record Namespace(String namespace) implements ClusterName {}

    /** {@code <service>.<ns>.svc.<zone>} */
    record ServiceName(String namespace, String service) implements ClusterName {}

    /** {@code <hostname>.<service>.<ns>.svc.<zone>}: an endpoint by hostname, or by its dashed IP when it has none. */
    record EndpointName(String namespace, String service, String hostname) implements ClusterName {}

    /** {@code _<proto>.<service>.<ns>.svc.<zone>}, the empty name above a service's SRV records. */
    record ProtocolName(String namespace, String service, String protocol) implements ClusterName {}

    /** {@code _<port>._<proto>.<service>.<ns>.svc.<zone>}, a named port's SRV records. */
    record PortName(String namespace, String service, String port, String protocol) implements ClusterName {}

    /** {@code <dashed-ip>.<ns>.pod.<zone>} */
    record PodName(String namespace, String dashedIp) implements ClusterName {}

    /** Nothing in the schema: NXDOMAIN. */
    record Unknown() implements ClusterName {}

    /** Reads {@code relative}, a name relative to the zone (the zone itself being the empty name). */
    static ClusterName parse(Name relative) {
        int n = relative.labels();
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = relative.getLabelString(i).toLowerCase(Locale.ROOT);
        }
        if (n == 0) {
            return new Apex();
        }
        return switch (labels[n - 1]) {
            case "svc" -> service(labels);
            case "pod" -> switch (n) {
                case 1, 2 -> new Empty();
                case 3 -> new PodName(labels[1], labels[0]);
                default -> new Unknown();
            };
            case "dns-version" -> n == 1 ? new DnsVersion() : new Unknown();
            default -> new Unknown();
        };
    }

    private static ClusterName service(String[] labels) {
        return switch (labels.length) {
            case 1 -> new Empty();
            case 2 -> new Namespace(labels[0]);
            case 3 -> new ServiceName(labels[1], labels[0]);
            case 4 -> labels[0].startsWith("_")
                    ? new ProtocolName(labels[2], labels[1], labels[0].substring(1))
                    : new EndpointName(labels[2], labels[1], labels[0]);
            case 5 -> labels[0].startsWith("_") && labels[1].startsWith("_")
                    ? new PortName(labels[3], labels[2], labels[0].substring(1), labels[1].substring(1))
                    : new Unknown();
            default -> new Unknown();
        };
    }
}
