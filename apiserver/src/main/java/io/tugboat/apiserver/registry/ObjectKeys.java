package io.tugboat.apiserver.registry;

import io.tugboat.api.ResourceType;

/**
 * Where objects live in the store: {@code /registry/<group>/<plural>/<namespace>/<name>} for namespaced
 * kinds and {@code /registry/<group>/<plural>/<name>} for cluster-scoped ones ("core" for the core group).
 * Every prefix ends with a slash so that one namespace's prefix never matches another's.
 */
final class ObjectKeys {

    private ObjectKeys() {
    }

    static String key(ResourceType type, String namespace, String name) {
        return type.namespaced() ? base(type) + namespace + "/" + name : base(type) + name;
    }

    /** All objects of the type, or those of one namespace when {@code namespace} is non-null. */
    static String prefix(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? base(type) + namespace + "/" : base(type);
    }

    private static String base(ResourceType type) {
        return "/registry/" + (type.group().isEmpty() ? "core" : type.group()) + "/" + type.plural() + "/";
    }
}
