package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.List;

/** Admission for namespaced creates: the namespace must exist and not be terminating. */
final class NamespaceLifecycle {

    private final ObjectRegistry registry;
    private final ResourceType namespaces;

    NamespaceLifecycle(ObjectRegistry registry, ResourceTypes types) {
        this.registry = registry;
        this.namespaces = types.byPlural(new GroupVersion("", "v1"), "namespaces").orElseThrow();
    }

    void admitCreate(ResourceType type, String namespace, String name) {
        if (!type.namespaced()) {
            return;
        }
        ObjectNode ns = registry.find(namespaces, null, namespace)
                .orElseThrow(() -> StatusException.notFound("", "namespaces", namespace));
        if (Meta.isDeleting(ns) && !type.kind().equals("Event")) {
            throw new StatusException(403, "Forbidden", type.qualifiedName() + " \"" + (name == null ? "" : name) + "\" is forbidden: unable to create new content in namespace "
                    + namespace + " because it is being terminated", type.group(), type.plural(), null, List.of());
        }
    }
}
