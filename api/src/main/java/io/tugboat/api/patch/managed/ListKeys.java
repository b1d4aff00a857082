package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tugboat.api.patch.schema.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The identity of items in associative lists: the values of the list-map keys, with server defaults filled in. */
public final class ListKeys {

    private ListKeys() {
    }

    /**
     * The key of an item. Key fields missing from the item take their default; fields with no default are left
     * out, so stored items written before a key field existed still get an identity. Empty when the item has none
     * of the key fields.
     */
    public static Optional<PathElement.Key> keyOf(JsonNode item, FieldSpec spec) {
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        for (String name : spec.listMapKeys()) {
            JsonNode value = valueOf(item, spec, name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(PathElement.Key.of(fields));
    }

    /** The key fields an item lacks and that have no default: an applied item must not lack any. */
    public static List<String> missingKeyFields(JsonNode item, FieldSpec spec) {
        List<String> missing = new ArrayList<>();
        for (String name : spec.listMapKeys()) {
            if (valueOf(item, spec, name) == null) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static JsonNode valueOf(JsonNode item, FieldSpec spec, String name) {
        JsonNode value = item.get(name);
        if (value != null && !value.isNull()) {
            return value;
        }
        String fallback = spec.keyDefaults().get(name);
        return fallback == null ? null : TextNode.valueOf(fallback);
    }
}
