package io.tugboat.apiserver.openapi;

import java.util.List;

/**
 * A named schema, as it appears under {@code components.schemas} (v3) or {@code definitions} (v2).
 *
 * @param name  the Kubernetes name, e.g. {@code io.k8s.api.apps.v1.Deployment}
 * @param kinds the kinds this schema is the body of (empty for nested types)
 */
public record Definition(String name, Schema body, List<GroupVersionKind> kinds) {

    public Definition {
        kinds = List.copyOf(kinds);
    }

    public Definition(String name, Schema body) {
        this(name, body, List.of());
    }
}
