package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the cluster DNS server answers from: the Services and EndpointSlices the node can see, typically informer
 * caches. Every method is called on a query's thread for every query, so it must answer from memory and never block
 * on the network. Names are passed lower-cased, as Kubernetes stores them.
 */
public interface ServiceCatalog {

    /** The label that ties an EndpointSlice to its Service. */
    String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    Optional<Service> service(String namespace, String name);

    /** The EndpointSlices labelled {@value #SERVICE_NAME_LABEL}={@code serviceName} in {@code namespace}. */
    List<EndpointSlice> endpointSlices(String namespace, String serviceName);

    /**
     * Whether {@code namespace} has at least one Service. {@code <ns>.svc.<zone>} is an empty name (NODATA) exactly
     * then, and NXDOMAIN otherwise, so that a resolver that caches "nothing below here" is never wrong.
     */
    boolean hasServices(String namespace);

    /**
     * The Services with {@code address} among their {@code spec.clusterIPs}, for PTR queries. Optional: by default
     * none, and reverse queries then go to the upstream resolvers. A superset is fine; the server checks each one.
     */
    default List<Service> servicesWithClusterIP(InetAddress address) {
        return List.of();
    }

    /**
     * The EndpointSlices with an endpoint holding {@code address}, for PTR queries. Optional like
     * {@link #servicesWithClusterIP}; a superset is fine here too.
     */
    default List<EndpointSlice> endpointSlicesWithAddress(InetAddress address) {
        return List.of();
    }
}
