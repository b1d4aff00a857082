package io.tugboat.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.List;

/** The namespaces every cluster has from its first start: default, kube-system, kube-public, kube-node-lease. */
final class SystemNamespaces {

    static final List<String> NAMES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final ObjectRegistry registry;
    private final ResourceType namespaces;

    SystemNamespaces(ObjectRegistry registry, ResourceTypes types) {
        this.registry = registry;
        this.namespaces = types.byPlural(new GroupVersion("", "v1"), "namespaces").orElseThrow();
    }

    void ensure() {
        for (String name : NAMES) {
            if (registry.find(namespaces, null, name).isPresent()) {
                continue;
            }
            ObjectNode ns = Json.MAPPER.createObjectNode();
            ns.put("apiVersion", "v1");
            ns.put("kind", "Namespace");
            ns.putObject("metadata").put("name", name);
            try {
                registry.create(namespaces, ns, false);
            } catch (StatusException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }
}
