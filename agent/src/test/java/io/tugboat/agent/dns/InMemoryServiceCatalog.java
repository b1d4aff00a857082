package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A ServiceCatalog over lists of real model objects, as an informer cache would hold them. */
final class InMemoryServiceCatalog implements ServiceCatalog {

    private final List<Service> services = new CopyOnWriteArrayList<>();
    private final List<EndpointSlice> slices = new CopyOnWriteArrayList<>();

    InMemoryServiceCatalog add(Service service) {
        services.add(service);
        return this;
    }

    InMemoryServiceCatalog add(EndpointSlice slice) {
        slices.add(slice);
        return this;
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return services.stream()
                .filter(s -> s.getMetadata().getNamespace().equals(namespace) && s.getMetadata().getName().equals(name))
                .findFirst();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return slices.stream()
                .filter(s -> s.getMetadata().getNamespace().equals(namespace))
                .filter(s -> serviceName.equals(s.getMetadata().getLabels().get(SERVICE_NAME_LABEL)))
                .toList();
    }

    @Override
    public boolean hasServices(String namespace) {
        return services.stream().anyMatch(s -> s.getMetadata().getNamespace().equals(namespace));
    }

    @Override
    public List<Service> servicesWithClusterIP(InetAddress address) {
        return services.stream()
                .filter(s -> s.getSpec().getClusterIPs() != null && s.getSpec().getClusterIPs().stream()
                        .map(IpLiterals::parse).anyMatch(a -> a.equals(Optional.of(address))))
                .toList();
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(InetAddress address) {
        return slices.stream()
                .filter(s -> s.getEndpoints().stream().flatMap(e -> e.getAddresses().stream())
                        .map(IpLiterals::parse).anyMatch(a -> Objects.equals(a, Optional.of(address))))
                .toList();
    }
}
