package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The records of the cluster domain, as the Kubernetes DNS specification and CoreDNS's kubernetes plugin (with
 * "pods insecure") define them, computed from the {@link ServiceCatalog} at each query. Every record's owner is the
 * name as asked, so a client that randomises the case of its queries finds its own spelling in the answer.
 */
final class ClusterZone {

    /** The records at one name, of every type, and the addresses an SRV answer there carries along. */
    private record Node(List<Record> records, List<Record> additional) {
        static final Node EMPTY = new Node(List.of(), List.of());

        static Optional<Node> of(List<Record> records) {
            return Optional.of(new Node(records, List.of()));
        }
    }

    private final ServiceCatalog catalog;
    private final ZoneRecords records;

    ClusterZone(ServiceCatalog catalog, ZoneRecords records) {
        this.catalog = catalog;
        this.records = records;
    }

    boolean contains(Name name) {
        return name.subdomain(records.zone());
    }

    /** The answer for {@code qname}, which must be inside the zone: records, NODATA or NXDOMAIN. */
    ZoneAnswer answer(Name qname, int qtype) {
        ClusterName parsed = ClusterName.parse(qname.canonicalize().relativize(records.zone()));
        Optional<Node> node = node(parsed, qname);
        if (node.isEmpty()) {
            return ZoneAnswer.nxDomain(records.soa());
        }
        List<Record> answers = select(node.get().records(), qtype);
        if (answers.isEmpty()) {
            return ZoneAnswer.noData(records.soa());
        }
        boolean srv = answers.stream().anyMatch(r -> r.getType() == Type.SRV);
        return ZoneAnswer.of(answers, srv ? node.get().additional() : List.of());
    }

    /** The records of the type asked; a CNAME stands for every type, as at any alias. */
    private static List<Record> select(List<Record> all, int type) {
        if (type == Type.ANY) {
            return all;
        }
        List<Record> matching = all.stream().filter(r -> r.getType() == type).toList();
        return matching.isEmpty() ? all.stream().filter(r -> r.getType() == Type.CNAME).toList() : matching;
    }

    /** Every record at the name, or empty when the name does not exist. */
    private Optional<Node> node(ClusterName name, Name owner) {
        return switch (name) {
            case ClusterName.Apex apex -> Node.of(List.of(records.soa()));
            case ClusterName.DnsVersion version -> Node.of(List.of(records.txt(owner, ZoneRecords.SCHEMA_VERSION)));
            case ClusterName.Empty empty -> Optional.of(Node.EMPTY);
            case ClusterName.Namespace ns ->
                    catalog.hasServices(ns.namespace()) ? Optional.of(Node.EMPTY) : Optional.empty();
            case ClusterName.ServiceName svc -> service(svc.namespace(), svc.service(), owner);
            case ClusterName.EndpointName ep -> endpoint(ep, owner);
            case ClusterName.ProtocolName proto -> protocol(proto);
            case ClusterName.PortName port -> port(port, owner);
            case ClusterName.PodName pod -> IpLiterals.fromDashed(pod.dashedIp())
                    .flatMap(address -> Node.of(List.of(records.address(owner, address))));
            case ClusterName.Unknown unknown -> Optional.empty();
        };
    }

    private Optional<Node> service(String namespace, String name, Name owner) {
        Optional<ServiceView> found = catalog.service(namespace, name).map(ServiceView::new);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ServiceView service = found.get();
        if (service.externalName()) {
            return Node.of(service.externalTarget().map(target -> List.of(records.cname(owner, target)))
                    .orElse(List.of()));
        }
        if (service.headless()) {
            // the spec: a headless service without ready endpoints does not exist
            List<Backend> backends = backends(namespace, name, service);
            return backends.isEmpty() ? Optional.empty()
                    : Node.of(addresses(owner, backends.stream().map(Backend::address).toList()));
        }
        return Node.of(addresses(owner, service.clusterIPs()));
    }

    private Optional<Node> endpoint(ClusterName.EndpointName name, Name owner) {
        Optional<ServiceView> service = addressedService(name.namespace(), name.service());
        if (service.isEmpty()) {
            return Optional.empty();
        }
        List<InetAddress> addresses = backends(name.namespace(), name.service(), service.get()).stream()
                .filter(b -> b.hostname().equals(name.hostname()))
                .map(Backend::address)
                .toList();
        return addresses.isEmpty() ? Optional.empty() : Node.of(addresses(owner, addresses));
    }

    private Optional<Node> protocol(ClusterName.ProtocolName name) {
        Optional<ServiceView> service = addressedService(name.namespace(), name.service());
        boolean exists = service.isPresent() && service.get().hasNamedPortWith(name.protocol())
                && (!service.get().headless() || !backends(name.namespace(), name.service(), service.get()).isEmpty());
        return exists ? Optional.of(Node.EMPTY) : Optional.empty();
    }

    private Optional<Node> port(ClusterName.PortName name, Name owner) {
        Optional<ServiceView> found = addressedService(name.namespace(), name.service());
        if (found.isEmpty() || found.get().namedPorts(name.port(), name.protocol()).isEmpty()) {
            return Optional.empty();
        }
        ServiceView service = found.get();
        List<Record> srvs = new ArrayList<>();
        SequencedSet<Record> additional = new LinkedHashSet<>();
        if (service.headless()) {
            // one record per endpoint, with the port its slice lists: clients connect to the pod, not a proxy
            for (Backend backend : backends(name.namespace(), name.service(), service)) {
                Name target = records.endpoint(name.namespace(), name.service(), backend.hostname());
                for (EndpointPort port : backend.ports(name.port(), name.protocol())) {
                    srvs.add(records.srv(owner, port.getPort(), target));
                    additional.add(records.address(target, backend.address()));
                }
            }
        } else {
            Name target = records.service(name.namespace(), name.service());
            for (ServicePort port : service.namedPorts(name.port(), name.protocol())) {
                srvs.add(records.srv(owner, port.getPort(), target));
            }
            additional.addAll(addresses(target, service.clusterIPs()));
        }
        return srvs.isEmpty() ? Optional.empty() : Optional.of(new Node(srvs, List.copyOf(additional)));
    }

    /** The service, if it exists and has addresses of its own (an ExternalName service has none below it). */
    private Optional<ServiceView> addressedService(String namespace, String name) {
        return catalog.service(namespace, name).map(ServiceView::new).filter(s -> !s.externalName());
    }

    private List<Backend> backends(String namespace, String name, ServiceView service) {
        return ServiceBackends.of(service, catalog.endpointSlices(namespace, name));
    }

    private List<Record> addresses(Name owner, List<InetAddress> addresses) {
        return addresses.stream().map(address -> records.address(owner, address)).toList();
    }
}
