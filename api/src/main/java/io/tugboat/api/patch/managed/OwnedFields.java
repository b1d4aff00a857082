package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.patch.schema.FieldSpec;
import io.tugboat.api.patch.schema.PatchSchema;
import io.tugboat.api.patch.schema.TypeSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The fields an applied configuration sets, which its applier then owns: every leaf, every item of an associative
 * list (and the item's fields), every set value. Containers the configuration merely passes through are not owned.
 */
public final class OwnedFields {

    private final PatchSchema schema;

    public OwnedFields(PatchSchema schema) {
        this.schema = schema;
    }

    public FieldSet of(JsonNode object, TypeSpec type) {
        TreeSet<FieldPath> out = new TreeSet<>();
        if (object != null && object.isObject()) {
            collectObject(FieldPath.ROOT, object, type, out);
        }
        return FieldSet.of(out);
    }

    private void collectObject(FieldPath path, JsonNode object, TypeSpec type, TreeSet<FieldPath> out) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isNull()) {
                collect(path.field(e.getKey()), e.getValue(), type.field(e.getKey()), out);
            }
        }
    }

    private void collect(FieldPath path, JsonNode value, FieldSpec spec, TreeSet<FieldPath> out) {
        switch (Shape.of(spec, value)) {
            case LEAF -> out.add(path);
            case OBJECT -> collectObject(path, value, schema.type(spec.type()), out);
            case KEYED_LIST -> {
                TypeSpec itemType = schema.type(spec.type());
                for (JsonNode item : value) {
                    Optional<PathElement.Key> key = ListKeys.keyOf(item, spec);
                    if (key.isEmpty()) {
                        // An item with no identity cannot be owned on its own; own the list whole.
                        out.add(path);
                        continue;
                    }
                    FieldPath itemPath = path.child(key.get());
                    out.add(itemPath);
                    collectObject(itemPath, item, itemType, out);
                }
            }
            case SET_LIST -> value.forEach(v -> out.add(path.value(v)));
        }
    }
}
