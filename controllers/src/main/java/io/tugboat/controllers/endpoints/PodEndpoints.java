package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.tugboat.controllers.support.Pods;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The endpoints of a service: its selected pods that have an address and have not finished (kube's ShouldPodBeInEndpoints). */
final class PodEndpoints {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PodEndpoints() {
    }

    /** One entry per selected pod with an IPv4 address that is neither Succeeded nor Failed, ordered by pod name. */
    static List<PodEndpoint> of(Service service, Collection<Pod> selectedPods) {
        List<PodEndpoint> endpoints = new ArrayList<>();
        for (Pod pod : selectedPods) {
            String phase = Pods.phase(pod);
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            List<String> addresses = ipv4Addresses(pod);
            if (addresses.isEmpty()) {
                continue;
            }
            endpoints.add(new PodEndpoint(PodRef.of(pod), addresses, pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                    hostname(service, pod), Pods.isReady(pod), pod.getMetadata().getDeletionTimestamp() != null,
                    TargetPorts.resolve(service, pod)));
        }
        endpoints.sort(Comparator.comparing(e -> e.pod().name()));
        return endpoints;
    }

    /** kube's ShouldSetHostname: a pod with a hostname whose subdomain is this service gets a DNS name under it. */
    static String hostname(Service service, Pod pod) {
        if (pod.getSpec() == null) {
            return null;
        }
        String hostname = pod.getSpec().getHostname();
        boolean under = Objects.equals(pod.getSpec().getSubdomain(), service.getMetadata().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace());
        return hostname != null && !hostname.isEmpty() && under ? hostname : null;
    }

    private static List<String> ipv4Addresses(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        Set<String> ips = new LinkedHashSet<>();
        if (pod.getStatus().getPodIPs() != null) {
            pod.getStatus().getPodIPs().stream().map(PodIP::getIp).filter(Objects::nonNull).forEach(ips::add);
        }
        if (ips.isEmpty() && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty()) {
            ips.add(pod.getStatus().getPodIP());
        }
        return ips.stream().filter(ip -> IPV4.matcher(ip).matches()).toList();
    }
}
