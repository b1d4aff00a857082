package io.tugboat.api.patch;

import static io.tugboat.api.patch.StrategicMergePatch.DELETE_FROM_PRIMITIVE_LIST;
import static io.tugboat.api.patch.StrategicMergePatch.PATCH_DIRECTIVE;
import static io.tugboat.api.patch.StrategicMergePatch.RETAIN_KEYS;
import static io.tugboat.api.patch.StrategicMergePatch.SET_ELEMENT_ORDER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.patch.managed.JsonValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The strategic merge patch directives that need no schema: checking and applying them to one map. */
final class StrategicDirectives {

    private StrategicDirectives() {
    }

    /**
     * {@code $retainKeys}: the original keeps only the listed keys (a union type switching members, such as a
     * Deployment strategy going from RollingUpdate to Recreate), and the patch may set no others.
     */
    static void applyRetainKeys(ObjectNode target, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw PatchException.badRequest("invalid patch format of retainKeys: it must be a list");
        }
        Set<String> keep = new HashSet<>();
        retain.forEach(k -> keep.add(k.asText()));
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String k = e.getKey();
            if (e.getValue().isNull() || k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                continue;
            }
            if (!keep.contains(k)) {
                throw PatchException.badRequest("invalid patch format of retainKeys: " + k + " is not in " + retain);
            }
        }
        target.retain(keep);
    }

    /**
     * The patch list must list its elements in the order the directive gives (ignoring deletions), as apimachinery
     * checks, so that a corrupted patch is refused rather than half applied.
     */
    static void validateOrder(ArrayNode patchList, ArrayNode order, String mergeKey, String directive) {
        if (patchList == null || patchList.isEmpty() || order.isEmpty()) {
            return;
        }
        int p = 0;
        int o = 0;
        List<JsonNode> items = new ArrayList<>();
        patchList.forEach(item -> {
            if (!(item.isObject() && item.has(PATCH_DIRECTIVE))) {
                items.add(item);
            }
        });
        while (p < items.size() && o < order.size()) {
            JsonNode left = mergeKey == null ? items.get(p) : requireMergeKey(items.get(p), mergeKey).get(mergeKey);
            JsonNode right = mergeKey == null ? order.get(o) : requireMergeKey(order.get(o), mergeKey).get(mergeKey);
            if (JsonValues.same(left, right)) {
                p++;
            }
            o++;
        }
        if (p < items.size()) {
            throw PatchException.badRequest("the order in patch list " + patchList + " doesn't match " + directive
                    + " list " + order);
        }
    }

    /** {@code $deleteFromPrimitiveList/<list>}: removes every occurrence of the given values. */
    static void deleteFromPrimitiveList(ObjectNode target, String directive, JsonNode values) {
        String field = directive.substring(DELETE_FROM_PRIMITIVE_LIST.length());
        if (field.isEmpty() || !values.isArray()) {
            throw PatchException.badRequest("invalid patch format of primitive list: " + directive);
        }
        JsonNode existing = target.get(field);
        if (existing == null || !existing.isArray()) {
            return;
        }
        Set<JsonNode> doomed = new HashSet<>();
        values.forEach(v -> doomed.add(JsonValues.canonical(v)));
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        existing.forEach(v -> {
            if (!doomed.contains(JsonValues.canonical(v))) {
                kept.add(v);
            }
        });
        target.set(field, kept);
    }

    /** The item, if it names its merge key; an item of a merged list that does not cannot be placed. */
    static JsonNode requireMergeKey(JsonNode item, String mergeKey) {
        if (!item.has(mergeKey) || item.get(mergeKey).isNull()) {
            throw PatchException.badRequest("map: " + item + " does not contain declared merge key: " + mergeKey);
        }
        return item;
    }
}
