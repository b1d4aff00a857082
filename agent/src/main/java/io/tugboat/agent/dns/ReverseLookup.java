package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;

/**
 * PTR records for the cluster's own addresses (spec 2.3.3 and 2.4.3): a service's cluster IP names the service,
 * an endpoint's IP names {@code <hostname>.<service>...}. Anything the catalog does not know is left to the
 * upstream resolvers, as CoreDNS's "fallthrough in-addr.arpa ip6.arpa" does.
 */
final class ReverseLookup {

    private final ServiceCatalog catalog;
    private final ZoneRecords records;

    ReverseLookup(ServiceCatalog catalog, ZoneRecords records) {
        this.catalog = catalog;
        this.records = records;
    }

    /** The PTR records for {@code qname}; empty when it is not the full reverse name of a cluster address. */
    List<Record> ptr(Name qname) {
        Optional<InetAddress> address = address(qname);
        if (address.isEmpty()) {
            return List.of();
        }
        SequencedSet<Record> ptrs = new LinkedHashSet<>();
        for (Service service : catalog.servicesWithClusterIP(address.get())) {
            if (new ServiceView(service).clusterIPs().contains(address.get())) {
                ptrs.add(records.ptr(qname, records.service(namespace(service), service.getMetadata().getName())));
            }
        }
        for (EndpointSlice slice : catalog.endpointSlicesWithAddress(address.get())) {
            String namespace = slice.getMetadata().getNamespace();
            Map<String, String> labels = slice.getMetadata().getLabels();
            String serviceName = labels == null ? null : labels.get(ServiceCatalog.SERVICE_NAME_LABEL);
            Optional<Service> service = serviceName == null ? Optional.empty() : catalog.service(namespace, serviceName);
            if (service.isEmpty()) {
                continue;
            }
            ServiceBackends.of(new ServiceView(service.get()), List.of(slice)).stream()
                    .filter(backend -> backend.address().equals(address.get()))
                    .forEach(backend -> ptrs.add(records.ptr(qname,
                            records.endpoint(namespace, serviceName, backend.hostname()))));
        }
        return List.copyOf(ptrs);
    }

    /** The address of a complete reverse name (4 labels under in-addr.arpa, 32 under ip6.arpa), else none. */
    private static Optional<InetAddress> address(Name qname) {
        try {
            InetAddress address = ReverseMap.fromName(qname);
            // fromName also takes a partial name, padding it with zeros; only the exact reverse of an address counts
            return ReverseMap.fromAddress(address).equals(qname) ? Optional.of(address) : Optional.empty();
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String namespace(Service service) {
        String namespace = service.getMetadata().getNamespace();
        return namespace == null ? "default" : namespace;
    }
}
