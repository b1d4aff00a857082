package io.tugboat.api.patch.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A table of schema types and the top-level kinds that enter it. Immutable; every type a field names must exist, so
 * a typo in the table fails when the table is built rather than silently giving default semantics.
 *
 * @param types         schema types by name
 * @param roots         the root type name of each kind
 * @param genericRoot   the root type for kinds not in {@code roots} (custom resources): it knows only metadata
 */
public record PatchSchema(Map<String, TypeSpec> types, Map<GroupKind, String> roots, String genericRoot) {

    public PatchSchema {
        types = Map.copyOf(types);
        roots = Map.copyOf(roots);
        for (TypeSpec t : types.values()) {
            for (Map.Entry<String, FieldSpec> field : t.fields().entrySet()) {
                String ref = field.getValue().type();
                if (ref != null && !types.containsKey(ref)) {
                    throw new IllegalArgumentException(t.name() + "." + field.getKey() + " refers to unknown type " + ref);
                }
            }
        }
        for (Map.Entry<GroupKind, String> root : roots.entrySet()) {
            if (!types.containsKey(root.getValue())) {
                throw new IllegalArgumentException(root.getKey() + " has unknown root type " + root.getValue());
            }
        }
        if (!types.containsKey(genericRoot)) {
            throw new IllegalArgumentException("unknown generic root type " + genericRoot);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The named type, or {@link TypeSpec#OPEN} for {@code null} (a value with default semantics throughout). */
    public TypeSpec type(String name) {
        if (name == null) {
            return TypeSpec.OPEN;
        }
        TypeSpec t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown schema type " + name);
        }
        return t;
    }

    /** The root type of a kind this table knows, empty for custom resources. */
    public Optional<TypeSpec> root(GroupKind kind) {
        return Optional.ofNullable(roots.get(kind)).map(types::get);
    }

    /** The root type of a kind, falling back to the generic root for kinds this table does not know. */
    public TypeSpec rootOrGeneric(GroupKind kind) {
        return root(kind).orElseGet(() -> types.get(genericRoot));
    }

    /** Collects types and roots; {@link #build} validates them. */
    public static final class Builder {
        private final Map<String, TypeSpec> types = new LinkedHashMap<>();
        private final Map<GroupKind, String> roots = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder type(String name, Map<String, FieldSpec> fields) {
            if (types.putIfAbsent(name, new TypeSpec(name, fields)) != null) {
                throw new IllegalArgumentException("type " + name + " defined twice");
            }
            return this;
        }

        public Builder root(String group, String kind, String typeName) {
            roots.put(new GroupKind(group, kind), typeName);
            return this;
        }

        public PatchSchema build(String genericRoot) {
            return new PatchSchema(types, roots, genericRoot);
        }
    }
}
