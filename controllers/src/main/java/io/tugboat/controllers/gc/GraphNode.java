package io.tugboat.controllers.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/** What the collector knows of one object from its informer: identity, owners, and deletion state. */
record GraphNode(ApiResource resource, String namespace, String name, String uid, List<OwnerReference> owners,
        boolean deleting, List<String> finalizers) {

    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    static GraphNode of(ApiResource resource, GenericKubernetesResource o) {
        var m = o.getMetadata();
        return new GraphNode(resource, m.getNamespace() == null ? "" : m.getNamespace(), m.getName(), m.getUid(),
                m.getOwnerReferences() == null ? List.of() : List.copyOf(m.getOwnerReferences()),
                m.getDeletionTimestamp() != null, m.getFinalizers() == null ? List.of() : List.copyOf(m.getFinalizers()));
    }

    /** Being deleted in the foreground: waiting for its dependents to go first. */
    boolean deletingDependents() {
        return deleting && finalizers.contains(FOREGROUND);
    }

    boolean orphaning() {
        return deleting && finalizers.contains(ORPHAN);
    }

    @Override
    public String toString() {
        return resource.kind() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
