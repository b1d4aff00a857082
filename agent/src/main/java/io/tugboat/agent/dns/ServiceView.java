package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/** What DNS needs to know of a Service, with the API's defaults applied. */
record ServiceView(Service service) {

    /** The annotation that published not-ready endpoints before spec.publishNotReadyAddresses; the DNS spec names it. */
    static final String TOLERATE_UNREADY = "service.alpha.kubernetes.io/tolerate-unready-endpoints";

    private ServiceSpec spec() {
        return service.getSpec() == null ? new ServiceSpec() : service.getSpec();
    }

    boolean externalName() {
        return "ExternalName".equals(spec().getType());
    }

    /** spec.externalName as an absolute name, if the service has a usable one. */
    Optional<Name> externalTarget() {
        String target = spec().getExternalName();
        if (!externalName() || target == null || target.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneRecords.name(target, Name.root));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean headless() {
        return "None".equals(spec().getClusterIP());
    }

    /** spec.clusterIPs (or spec.clusterIP, for objects written before dual stack); none while unallocated. */
    List<InetAddress> clusterIPs() {
        if (externalName() || headless()) {
            return List.of();
        }
        List<String> ips = spec().getClusterIPs() == null || spec().getClusterIPs().isEmpty()
                ? (spec().getClusterIP() == null ? List.of() : List.of(spec().getClusterIP()))
                : spec().getClusterIPs();
        List<InetAddress> addresses = new ArrayList<>(ips.size());
        for (String ip : ips) {
            IpLiterals.parse(ip).ifPresent(addresses::add);
        }
        return addresses;
    }

    boolean publishesNotReady() {
        Map<String, String> annotations = service.getMetadata() == null ? null : service.getMetadata().getAnnotations();
        return Boolean.TRUE.equals(spec().getPublishNotReadyAddresses())
                || (annotations != null && "true".equalsIgnoreCase(annotations.get(TOLERATE_UNREADY)));
    }

    /** The ports named {@code name} with {@code protocol}, both compared without case; unnamed ports have no SRV. */
    List<ServicePort> namedPorts(String name, String protocol) {
        return ports().stream()
                .filter(p -> p.getName() != null && p.getName().equalsIgnoreCase(name))
                .filter(p -> protocolOf(p.getProtocol()).equalsIgnoreCase(protocol))
                .toList();
    }

    boolean hasNamedPortWith(String protocol) {
        return ports().stream().anyMatch(p -> p.getName() != null && !p.getName().isEmpty()
                && protocolOf(p.getProtocol()).equalsIgnoreCase(protocol));
    }

    private List<ServicePort> ports() {
        return spec().getPorts() == null ? List.of() : spec().getPorts();
    }

    /** A port's protocol, TCP when unset as the API defaults it. */
    static String protocolOf(String protocol) {
        return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }
}
