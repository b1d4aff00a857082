package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.patch.schema.FieldSpec;
import io.tugboat.api.patch.schema.PatchSchema;
import io.tugboat.api.patch.schema.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds and removes the value a field path names inside an object. */
public final class ObjectPaths {

    private final PatchSchema schema;

    public ObjectPaths(PatchSchema schema) {
        this.schema = schema;
    }

    /**
     * Removes the field, list item or set value at {@code path}; does nothing if it is not there. Maps and lists
     * the removal leaves empty go too (below the top-level fields), as they would vanish from a Go object
     * serialised with {@code omitempty}.
     */
    public void remove(ObjectNode object, FieldPath path, TypeSpec rootType) {
        if (path.isRoot()) {
            return;
        }
        List<JsonNode> containers = new ArrayList<>();
        List<Located> chain = new ArrayList<>();
        JsonNode container = object;
        FieldSpec spec = FieldSpec.DEFAULT;
        TypeSpec type = rootType;
        for (PathElement element : path.elements()) {
            Located next = locate(container, element, spec, type);
            if (next == null) {
                return;
            }
            containers.add(container);
            chain.add(next);
            container = next.value;
            spec = next.spec;
            type = next.type;
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            chain.get(i).removeFrom(containers.get(i));
            boolean emptied = containers.get(i).isEmpty() && containers.get(i).isContainerNode();
            if (!emptied || i <= 1) {
                return;
            }
        }
    }

    /** The value one element leads to, with the schema that applies to it. */
    private Located locate(JsonNode container, PathElement element, FieldSpec containerSpec, TypeSpec containerType) {
        return switch (element) {
            case PathElement.Field f -> {
                JsonNode v = container.isObject() ? container.get(f.name()) : null;
                if (v == null) {
                    yield null;
                }
                FieldSpec spec = containerType.field(f.name());
                yield new Located(v, spec, schema.type(spec.type()), -1, f.name());
            }
            case PathElement.Key k -> {
                if (!container.isArray()) {
                    yield null;
                }
                for (int i = 0; i < container.size(); i++) {
                    JsonNode item = container.get(i);
                    Optional<PathElement.Key> key = ListKeys.keyOf(item, containerSpec);
                    if (key.isPresent() && key.get().equals(k)) {
                        // Inside an item, fields follow the item's type; the item's spec is no longer relevant.
                        yield new Located(item, FieldSpec.DEFAULT, containerType, i, null);
                    }
                }
                yield null;
            }
            case PathElement.Value v -> {
                if (!container.isArray()) {
                    yield null;
                }
                for (int i = 0; i < container.size(); i++) {
                    if (JsonValues.same(container.get(i), v.value())) {
                        yield new Located(container.get(i), FieldSpec.DEFAULT, TypeSpec.OPEN, i, null);
                    }
                }
                yield null;
            }
        };
    }

    /**
     * A value found in its container. For a list item, {@code type} is the item type: the caller reached the list
     * through a field whose spec named it, and {@link #locate} passes that type down unchanged.
     */
    private record Located(JsonNode value, FieldSpec spec, TypeSpec type, int index, String field) {
        void removeFrom(JsonNode container) {
            if (field != null) {
                ((ObjectNode) container).remove(field);
            } else {
                ((ArrayNode) container).remove(index);
            }
        }
    }
}
