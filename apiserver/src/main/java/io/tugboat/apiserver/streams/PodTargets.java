package io.tugboat.apiserver.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves what a pod stream request reaches: the pod, the container (validated as Kubernetes'
 * {@code validateContainer} does) and the agent of the node the pod is bound to.
 */
final class PodTargets {

    /** Address types in the order Tugboat prefers them: the node's own IP reaches its agent most reliably. */
    private static final List<String> ADDRESS_PREFERENCE = List.of("InternalIP", "Hostname", "InternalDNS", "ExternalIP", "ExternalDNS");

    private final ObjectRegistry registry;
    private final ResourceType pods;
    private final ResourceType nodes;

    PodTargets(ObjectRegistry registry, ResourceTypes types) {
        GroupVersion core = new GroupVersion("", "v1");
        this.registry = registry;
        this.pods = types.byPlural(core, "pods").orElseThrow();
        this.nodes = types.byPlural(core, "nodes").orElseThrow();
    }

    ObjectNode pod(String namespace, String name) {
        return registry.get(pods, namespace, name);
    }

    /**
     * The container a request means: the named one, which must exist, or the only one when none is named.
     * The messages are Kubernetes' own, which clients show as they are.
     */
    static String container(ObjectNode pod, String requested) {
        String podName = pod.path("metadata").path("name").asText();
        List<String> names = containerNames(pod);
        if (requested == null || requested.isEmpty()) {
            JsonNode containers = pod.path("spec").path("containers");
            if (containers.size() == 1) {
                return containers.get(0).path("name").asText();
            }
            if (containers.isEmpty()) {
                throw StatusException.badRequest("a container name must be specified for pod " + podName);
            }
            throw StatusException.badRequest("a container name must be specified for pod " + podName
                    + ", choose one of: [" + String.join(" ", names) + "]");
        }
        if (!names.contains(requested)) {
            throw StatusException.badRequest("container " + requested + " is not valid for pod " + podName);
        }
        return requested;
    }

    /** Init, regular and ephemeral containers, in the order Kubernetes visits them. */
    private static List<String> containerNames(ObjectNode pod) {
        List<String> names = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (JsonNode c : pod.path("spec").path(field)) {
                names.add(c.path("name").asText());
            }
        }
        return names;
    }

    /** The name of the node the pod is bound to, if it is bound yet. */
    static Optional<String> nodeName(ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asText("");
        return node.isEmpty() ? Optional.empty() : Optional.of(node);
    }

    /** The agent of a node: its preferred address and the kubelet port it reported. */
    AgentEndpoint agentOf(String nodeName) {
        ObjectNode node = registry.get(nodes, null, nodeName);
        JsonNode status = node.path("status");
        int port = status.path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0 || port > 65535) {
            throw unavailable("node " + nodeName + " has not reported the port of its agent (status.daemonEndpoints.kubeletEndpoint.Port)");
        }
        for (String type : ADDRESS_PREFERENCE) {
            for (JsonNode address : status.path("addresses")) {
                String value = address.path("address").asText("");
                if (type.equals(address.path("type").asText()) && !value.isEmpty()) {
                    return new AgentEndpoint(value, port);
                }
            }
        }
        throw unavailable("node " + nodeName + " has not reported an address (status.addresses): no preferred addresses found; known addresses: []");
    }

    /** A 503 without Retry-After: client-go would otherwise retry on its own for a condition that lasts. */
    static StatusException unavailable(String message) {
        return new StatusException(503, "ServiceUnavailable", message, null, null, null, List.of());
    }
}
