package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7386, {@code application/merge-patch+json}): objects merge key by key, {@code null} removes
 * a key, anything else (lists included) replaces. Kubernetes also uses it for custom resources' strategic patches.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /**
     * Returns the patched copy of {@code original}; neither argument is modified. A patch that is not a JSON object
     * is a bad request, since the result must remain an object.
     */
    public static JsonNode apply(JsonNode original, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw PatchException.badRequest("a merge patch must be a JSON object");
        }
        ObjectNode target = original != null && original.isObject()
                ? ((ObjectNode) original).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        mergeInto(target, (ObjectNode) patch);
        return target;
    }

    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(e -> {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject()) {
                JsonNode existing = target.get(e.getKey());
                ObjectNode child = existing != null && existing.isObject()
                        ? (ObjectNode) existing
                        : target.putObject(e.getKey());
                mergeInto(child, (ObjectNode) value);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        });
    }
}
