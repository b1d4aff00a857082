package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The subsets of a legacy v1 Endpoints object, as kube's endpoints controller and RepackSubsets make them: every
 * (address, port) pair is collected, then the ports that share exactly the same addresses (with the same
 * readiness) form one subset. Ready pods go to addresses, others to notReadyAddresses; with
 * publishNotReadyAddresses every pod is an address, terminating ones included, and otherwise terminating pods are
 * left out. A headless service without ports lists its addresses with no ports; any other service without ports
 * lists nothing. The result is sorted, so that the same state always gives the same subsets.
 */
public final class EndpointSubsets {

    /** kube's sentinel for "no port": the addresses of a headless service without ports. */
    private static final PortSpec NO_PORT = new PortSpec("", "", -1, null);
    private static final Comparator<Address> ADDRESS_ORDER = Comparator.comparing(Address::ip)
            .thenComparing(a -> a.pod() == null ? "" : a.pod().uid(), Comparator.nullsFirst(Comparator.naturalOrder()));

    /** One address of a subset; two are the same when they have the same IP and pod (kube's addressKey). */
    record Address(String ip, String hostname, String nodeName, PodRef pod) {
    }

    private EndpointSubsets() {
    }

    public static List<EndpointSubset> of(Service service, List<PodEndpoint> pods) {
        boolean publishNotReady = ServiceSelection.publishesNotReady(service);
        boolean noPorts = service.getSpec().getPorts() == null || service.getSpec().getPorts().isEmpty();
        if (noPorts && !ServiceSelection.isHeadless(service)) {
            return List.of();
        }
        // per port, each address and whether it is ready there; not ready wins over ready, as in kube
        Map<PortSpec, SortedMap<Address, Boolean>> byPort = new LinkedHashMap<>();
        for (PodEndpoint pod : pods) {
            if (pod.terminating() && !publishNotReady) {
                continue;
            }
            Address address = new Address(pod.addresses().get(0), pod.hostname(), pod.nodeName(), pod.pod());
            boolean ready = publishNotReady || pod.podReady();
            for (PortSpec port : noPorts ? List.of(NO_PORT) : pod.ports()) {
                byPort.computeIfAbsent(port, p -> new TreeMap<>(ADDRESS_ORDER)).merge(address, ready, Boolean::logicalAnd);
            }
        }
        Map<SortedMap<Address, Boolean>, List<PortSpec>> portsByAddresses = new LinkedHashMap<>();
        byPort.forEach((port, addresses) -> {
            List<PortSpec> ports = portsByAddresses.computeIfAbsent(addresses, a -> new ArrayList<>());
            if (port != NO_PORT) {
                ports.add(port);
            }
        });
        List<EndpointSubset> subsets = new ArrayList<>();
        portsByAddresses.forEach((addresses, ports) -> subsets.add(subset(addresses, ports)));
        subsets.sort(Comparator.comparing(EndpointSubsets::sortKey));
        return List.copyOf(subsets);
    }

    private static EndpointSubset subset(SortedMap<Address, Boolean> addresses, List<PortSpec> ports) {
        List<EndpointAddress> ready = new ArrayList<>();
        List<EndpointAddress> notReady = new ArrayList<>();
        addresses.forEach((a, isReady) -> (isReady ? ready : notReady).add(toAddress(a)));
        List<EndpointPort> endpointPorts = ports.stream().sorted(PortSpec.order())
                .map(p -> new EndpointPort(p.appProtocol(), p.name().isEmpty() ? null : p.name(), p.port(), p.protocol()))
                .toList();
        EndpointSubset subset = new EndpointSubset();
        subset.setAddresses(ready);
        subset.setNotReadyAddresses(notReady);
        subset.setPorts(new ArrayList<>(endpointPorts));
        return subset;
    }

    private static EndpointAddress toAddress(Address a) {
        return new EndpointAddressBuilder().withIp(a.ip()).withHostname(a.hostname()).withNodeName(a.nodeName())
                .withTargetRef(a.pod() == null ? null : a.pod().toReference()).build();
    }

    private static String sortKey(EndpointSubset s) {
        EndpointAddress first = !s.getAddresses().isEmpty() ? s.getAddresses().get(0) : s.getNotReadyAddresses().get(0);
        String ports = s.getPorts().stream().map(p -> p.getName() + "/" + p.getPort() + "/" + p.getProtocol()).toList().toString();
        return first.getIp() + " " + ports;
    }
}
