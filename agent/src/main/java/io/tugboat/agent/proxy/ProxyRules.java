package io.tugboat.agent.proxy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.tugboat.agent.dns.ServiceCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the node must forward, from Services and their EndpointSlices, as kube-proxy decides it: ready
 * endpoints take traffic; when none is ready, serving endpoints that are terminating do (so that a rolling
 * update drains instead of refusing); internalTrafficPolicy and externalTrafficPolicy Local keep traffic on
 * this node's endpoints.
 */
public final class ProxyRules {

    public static final String SERVICE_NAME_LABEL = ServiceCatalog.SERVICE_NAME_LABEL;

    private ProxyRules() {
    }

    private record Candidate(ProxyEndpoint endpoint, String nodeName, boolean ready, boolean serving, boolean terminating) {
    }

    public static List<ProxiedPort> build(Collection<Service> services, Collection<EndpointSlice> slices, String nodeName) {
        Map<String, List<EndpointSlice>> byService = new HashMap<>();
        for (EndpointSlice slice : slices) {
            String service = slice.getMetadata().getLabels() == null ? null : slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
            if (service != null && "IPv4".equals(slice.getAddressType())) {
                byService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service, k -> new ArrayList<>()).add(slice);
            }
        }
        List<ProxiedPort> ports = new ArrayList<>();
        for (Service service : services) {
            ServiceSpec spec = service.getSpec();
            if (spec == null || spec.getPorts() == null || !hasClusterIp(spec)) {
                continue;
            }
            String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
            List<EndpointSlice> own = byService.getOrDefault(key, List.of());
            for (ServicePort port : spec.getPorts()) {
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
                    continue; // SCTP is not forwarded
                }
                List<Candidate> candidates = candidates(own, port.getName(), protocol);
                List<Candidate> usable = usable(candidates);
                List<ProxyEndpoint> internal = endpoints(usable, "Local".equals(spec.getInternalTrafficPolicy()), nodeName);
                List<ProxyEndpoint> external = endpoints(usable, "Local".equals(spec.getExternalTrafficPolicy()), nodeName);
                boolean nodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
                int nodePort = nodePorts && port.getNodePort() != null ? port.getNodePort() : 0;
                String name = key + ":" + (port.getName() == null || port.getName().isEmpty() ? port.getPort() : port.getName());
                ports.add(new ProxiedPort(name, protocol.toLowerCase(Locale.ROOT), spec.getClusterIP(), port.getPort(), nodePort,
                        externalIps(service), affinitySeconds(spec), internal, external));
            }
        }
        ports.sort(Comparator.comparing(ProxiedPort::name).thenComparing(ProxiedPort::protocol));
        return ports;
    }

    private static boolean hasClusterIp(ServiceSpec spec) {
        String ip = spec.getClusterIP();
        return !"ExternalName".equals(spec.getType()) && ip != null && !ip.isEmpty() && !ip.equals("None");
    }

    private static List<Candidate> candidates(List<EndpointSlice> slices, String portName, String protocol) {
        List<Candidate> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            Integer target = null;
            for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
                String name = p.getName() == null ? "" : p.getName();
                String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (name.equals(portName == null ? "" : portName) && proto.equals(protocol) && p.getPort() != null) {
                    target = p.getPort();
                }
            }
            if (target == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
                    continue;
                }
                ProxyEndpoint endpoint = new ProxyEndpoint(e.getAddresses().get(0), target);
                if (!seen.add(endpoint.toString())) {
                    continue; // an endpoint listed by two slices while the controller moves it
                }
                EndpointConditions c = e.getConditions();
                // unset conditions mean ready and serving, per the EndpointSlice API
                boolean ready = c == null || !Boolean.FALSE.equals(c.getReady());
                boolean serving = c == null || (c.getServing() == null ? ready : c.getServing());
                boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                found.add(new Candidate(endpoint, e.getNodeName(), ready, serving, terminating));
            }
        }
        return found;
    }

    private static List<Candidate> usable(List<Candidate> candidates) {
        List<Candidate> ready = candidates.stream().filter(Candidate::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return candidates.stream().filter(c -> c.serving() && c.terminating()).toList();
    }

    private static List<ProxyEndpoint> endpoints(List<Candidate> usable, boolean localOnly, String nodeName) {
        return usable.stream()
                .filter(c -> !localOnly || Objects.equals(c.nodeName(), nodeName))
                .map(Candidate::endpoint)
                .sorted(Comparator.comparing(ProxyEndpoint::ip).thenComparingInt(ProxyEndpoint::port))
                .toList();
    }

    private static List<String> externalIps(Service service) {
        Set<String> ips = new LinkedHashSet<>();
        if (service.getSpec().getExternalIPs() != null) {
            ips.addAll(service.getSpec().getExternalIPs());
        }
        if ("LoadBalancer".equals(service.getSpec().getType()) && service.getStatus() != null
                && service.getStatus().getLoadBalancer() != null && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null && !ingress.getIp().isEmpty()) {
                    ips.add(ingress.getIp());
                }
            }
        }
        return List.copyOf(ips);
    }

    private static int affinitySeconds(ServiceSpec spec) {
        if (!"ClientIP".equals(spec.getSessionAffinity())) {
            return 0;
        }
        var config = spec.getSessionAffinityConfig();
        Integer timeout = config == null || config.getClientIP() == null ? null : config.getClientIP().getTimeoutSeconds();
        return timeout == null || timeout <= 0 ? 10800 : timeout;
    }
}
