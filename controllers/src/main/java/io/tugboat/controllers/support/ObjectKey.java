package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A work-queue key: namespace and name, as client-go's MetaNamespaceKeyFunc. Cluster-scoped objects have "" as namespace. */
public record ObjectKey(String namespace, String name) {

    public ObjectKey {
        namespace = namespace == null ? "" : namespace;
    }

    public static ObjectKey of(HasMetadata object) {
        return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    /** The key the fabric8 cache uses for this object ("ns/name", or "name" when cluster-scoped). */
    public String cacheKey() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public String toString() {
        return cacheKey();
    }
}
