package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.patch.schema.FieldSpec;
import java.util.function.Predicate;

/** How server-side apply sees a value: as one owned leaf, or as a container whose parts have their own owners. */
public enum Shape {
    /** A scalar, an atomic list or object, or an empty container: owned as one value. */
    LEAF,
    /** An object whose fields are owned one by one. */
    OBJECT,
    /** An associative list: items owned by key, then field by field. */
    KEYED_LIST,
    /** A set: each value owned on its own. */
    SET_LIST;

    public static Shape of(FieldSpec spec, JsonNode value) {
        if (value.isObject()) {
            // An empty object is promoted to a leaf, as structured-merge-diff does, so that {} can be owned.
            return spec.atomic() || value.isEmpty() ? LEAF : OBJECT;
        }
        if (value.isArray() && !value.isEmpty()) {
            return switch (spec.listType()) {
                case MAP -> all(value, JsonNode::isObject) ? KEYED_LIST : LEAF;
                case SET -> all(value, JsonNode::isValueNode) ? SET_LIST : LEAF;
                case ATOMIC -> LEAF;
            };
        }
        return LEAF;
    }

    private static boolean all(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode item : array) {
            if (!test.test(item)) {
                return false;
            }
        }
        return true;
    }
}
