package io.tugboat.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One kind of object the API serves: its names on the wire, its scope, and the Java type that models it.
 *
 * @param javaType   the fabric8 model class (or Tugboat's own) used for validation and defaulting
 * @param hasStatus  whether a /status subresource exists (status is then ignored on main-resource writes)
 * @param hasScale   whether a /scale subresource exists (spec.replicas, status.replicas, selector)
 */
public record ResourceType(
        GroupVersion groupVersion,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Class<? extends HasMetadata> javaType,
        boolean hasStatus,
        boolean hasScale) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
    }

    public String group() {
        return groupVersion.group();
    }

    public String version() {
        return groupVersion.version();
    }

    public String apiVersion() {
        return groupVersion.apiVersion();
    }

    public String listKind() {
        return kind + "List";
    }

    /** "deployments.apps", or "pods" for the core group: how kubectl and RBAC name a resource. */
    public String qualifiedName() {
        return group().isEmpty() ? plural : plural + "." + group();
    }
}
