package io.tugboat.apiserver.tables;

import io.tugboat.api.ResourceType;

/** A kind named independently of its version: printers describe a kind in every version it is served. */
public record GroupKind(String group, String kind) {

    public GroupKind {
        group = group == null ? "" : group;
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("a group kind needs a kind");
        }
    }

    public static GroupKind of(ResourceType type) {
        return new GroupKind(type.group(), type.kind());
    }
}
