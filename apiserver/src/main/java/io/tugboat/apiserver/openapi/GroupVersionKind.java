package io.tugboat.apiserver.openapi;

import io.tugboat.api.ResourceType;

/** A kind as the {@code x-kubernetes-group-version-kind} extension names it; the core group is "". */
public record GroupVersionKind(String group, String version, String kind) {

    public static GroupVersionKind of(ResourceType type) {
        return new GroupVersionKind(type.group(), type.version(), type.kind());
    }

    public static GroupVersionKind listOf(ResourceType type) {
        return new GroupVersionKind(type.group(), type.version(), type.listKind());
    }
}
