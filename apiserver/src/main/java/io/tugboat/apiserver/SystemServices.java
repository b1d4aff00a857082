package io.tugboat.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.apiserver.services.ServiceNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Services every cluster has: {@code default/kubernetes} on the first cluster IP, and
 * {@code kube-system/kube-dns} on the tenth, where pods find cluster DNS. kube-dns has no selector: each node
 * agent serves DNS itself and publishes its own endpoint, and the Service's internalTrafficPolicy Local keeps
 * every pod's queries on its own node.
 */
final class SystemServices {

    private static final Logger LOG = LoggerFactory.getLogger(SystemServices.class);

    private final ObjectRegistry registry;
    private final ResourceType services;
    private final ResourceType endpoints;
    private final ResourceType endpointSlices;
    private final ServiceNetwork network;

    SystemServices(ObjectRegistry registry, ResourceTypes types, ServiceNetwork network) {
        this.registry = registry;
        this.services = servicesType(types);
        this.endpoints = types.byPlural(new GroupVersion("", "v1"), "endpoints").orElseThrow();
        this.endpointSlices = types.byPlural(new GroupVersion("discovery.k8s.io", "v1"), "endpointslices").orElseThrow();
        this.network = network;
    }

    static ResourceType servicesType(ResourceTypes types) {
        return types.byPlural(new GroupVersion("", "v1"), "services").orElseThrow();
    }

    /**
     * @param advertiseAddress where pods reach this server (its bind address, or the host's first address when it
     *                         listens on all of them); it becomes the {@code kubernetes} Service's endpoint
     */
    void ensure(String advertiseAddress, int apiPort) {
        ObjectNode kubernetes = service("default", "kubernetes", network.apiServerIp());
        kubernetes.with("metadata").putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        port(kubernetes, "https", 443, "TCP", apiPort);
        create(kubernetes);
        publishApiEndpoint(advertiseAddress, apiPort);

        ObjectNode dns = service("kube-system", "kube-dns", network.dnsIp());
        dns.with("metadata").putObject("labels").put("k8s-app", "kube-dns").put("kubernetes.io/cluster-service", "true")
                .put("kubernetes.io/name", "CoreDNS");
        port(dns, "dns", 53, "UDP", 53);
        port(dns, "dns-tcp", 53, "TCP", 53);
        dns.with("spec").put("internalTrafficPolicy", "Local");
        create(dns);
    }

    /** The kubernetes Service's Endpoints and EndpointSlice: this server, as kube-apiserver's endpoint reconciler keeps them. */
    private void publishApiEndpoint(String address, int port) {
        ObjectNode slice = Json.MAPPER.createObjectNode();
        slice.put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
        slice.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
                .put("kubernetes.io/service-name", "kubernetes").put("endpointslice.kubernetes.io/managed-by", "tugboat-apiserver");
        slice.put("addressType", "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(address);
        endpoint.putObject("conditions").put("ready", true);
        slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        upsert(endpointSlices, slice);

        ObjectNode endpoints = Json.MAPPER.createObjectNode();
        endpoints.put("apiVersion", "v1").put("kind", "Endpoints");
        endpoints.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
                .put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = endpoints.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        upsert(this.endpoints, endpoints);
    }

    private void upsert(ResourceType type, ObjectNode object) {
        String name = object.path("metadata").path("name").asText();
        try {
            if (registry.find(type, "default", name).isEmpty()) {
                registry.create(type, object, false);
            } else {
                registry.guaranteedUpdate(type, "default", name, null, false, false, current -> {
                    object.with("metadata").set("resourceVersion", current.path("metadata").path("resourceVersion"));
                    return object.deepCopy();
                });
            }
        } catch (StatusException e) {
            LOG.error("cannot publish the API server's endpoint in {} default/{}: {}", type.plural(), name, e.getMessage());
        }
    }

    private static ObjectNode service(String namespace, String name, String clusterIp) {
        ObjectNode svc = Json.MAPPER.createObjectNode();
        svc.put("apiVersion", "v1");
        svc.put("kind", "Service");
        svc.putObject("metadata").put("name", name).put("namespace", namespace);
        svc.putObject("spec").put("type", "ClusterIP").put("clusterIP", clusterIp);
        return svc;
    }

    private static void port(ObjectNode svc, String name, int port, String protocol, int targetPort) {
        ArrayNode ports = svc.with("spec").withArray("ports");
        ports.addObject().put("name", name).put("port", port).put("protocol", protocol).put("targetPort", targetPort);
    }

    private void create(ObjectNode svc) {
        String namespace = svc.path("metadata").path("namespace").asText();
        String name = svc.path("metadata").path("name").asText();
        if (registry.find(services, namespace, name).isPresent()) {
            return;
        }
        try {
            registry.create(services, svc, false);
        } catch (StatusException e) {
            if (e.code() == 422) {
                // another Service holds the address: the cluster runs, without this Service, and says why
                LOG.error("cannot create Service {}/{}: {}", namespace, name, e.getMessage());
            } else if (e.code() != 409) {
                throw e;
            }
        }
    }
}
