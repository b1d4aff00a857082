package io.tugboat.api.patch.schema;

import io.tugboat.api.GroupVersion;
import java.util.Objects;

/**
 * A kind qualified by its API group, written as Kubernetes writes it: {@code "Deployment.apps"}, or just
 * {@code "Pod"} for the core group. The version is left out on purpose: patch semantics belong to the kind.
 */
public record GroupKind(String group, String kind) {

    public GroupKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        if (kind.isEmpty()) {
            throw new IllegalArgumentException("kind must not be empty");
        }
    }

    /** Parses {@code "Deployment.apps"}, {@code "Lease.coordination.k8s.io"} or {@code "Pod"}. */
    public static GroupKind parse(String key) {
        Objects.requireNonNull(key, "kind key");
        int dot = key.indexOf('.');
        return dot < 0 ? new GroupKind("", key) : new GroupKind(key.substring(dot + 1), key.substring(0, dot));
    }

    /** From an object's {@code apiVersion} and {@code kind}. */
    public static GroupKind of(String apiVersion, String kind) {
        return new GroupKind(GroupVersion.parse(apiVersion).group(), kind);
    }

    @Override
    public String toString() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
