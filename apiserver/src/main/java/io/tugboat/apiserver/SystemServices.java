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
    private final ServiceNetwork network;

    SystemServices(ObjectRegistry registry, ResourceTypes types, ServiceNetwork network) {
        this.registry = registry;
        this.services = servicesType(types);
        this.network = network;
    }

    static ResourceType servicesType(ResourceTypes types) {
        return types.byPlural(new GroupVersion("", "v1"), "services").orElseThrow();
    }

    void ensure(int apiPort) {
        ObjectNode kubernetes = service("default", "kubernetes", network.apiServerIp());
        kubernetes.with("metadata").putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        port(kubernetes, "https", 443, "TCP", apiPort == 0 ? 6443 : apiPort);
        create(kubernetes);

        ObjectNode dns = service("kube-system", "kube-dns", network.dnsIp());
        dns.with("metadata").putObject("labels").put("k8s-app", "kube-dns").put("kubernetes.io/cluster-service", "true")
                .put("kubernetes.io/name", "CoreDNS");
        port(dns, "dns", 53, "UDP", 53);
        port(dns, "dns-tcp", 53, "TCP", 53);
        dns.with("spec").put("internalTrafficPolicy", "Local");
        create(dns);
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
