package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.patch.managed.JsonValues;
import io.tugboat.api.patch.schema.FieldSpec;
import io.tugboat.api.patch.schema.GroupKind;
import io.tugboat.api.patch.schema.KubernetesSchema;
import io.tugboat.api.patch.schema.PatchSchema;
import io.tugboat.api.patch.schema.PatchStrategy;
import io.tugboat.api.patch.schema.TypeSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) as Kubernetes' apimachinery applies it:
 * a merge patch whose lists merge by key where the schema says so, with the directives {@code $patch}
 * (replace, delete, merge), {@code $setElementOrder/<list>}, {@code $deleteFromPrimitiveList/<list>},
 * {@code $retainKeys}, and {@code null} deleting a field. This is what kubectl's client-side apply, edit and patch
 * send. Kinds the schema does not know (custom resources) are merge-patched.
 *
 * <p>Two deliberate differences from apimachinery, both on inputs kubectl never sends: {@code $patch: merge} is
 * accepted as the default it names instead of being rejected, and a map patched with {@code $patch: delete} is
 * removed rather than left as {@code {}}. Values that land where nothing was are cleaned of directives and nulls
 * (apimachinery leaves that to decoding into Go structs, which Tugboat does not do).
 */
public final class StrategicMergePatch {

    static final String PATCH_DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private final PatchSchema schema;

    public StrategicMergePatch(PatchSchema schema) {
        this.schema = schema;
    }

    /** Over the built-in Kubernetes kinds. */
    public static StrategicMergePatch builtIn() {
        return new StrategicMergePatch(KubernetesSchema.SCHEMA);
    }

    /**
     * Returns the patched copy of {@code original}; neither argument is modified.
     *
     * @param kindKey {@code "Deployment.apps"}, {@code "Pod"}: see {@link GroupKind#parse}
     * @throws PatchException when the patch is malformed or its directives contradict the object
     */
    public JsonNode apply(String kindKey, JsonNode original, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw PatchException.badRequest("a strategic merge patch must be a JSON object");
        }
        Optional<TypeSpec> root = schema.root(GroupKind.parse(kindKey));
        if (root.isEmpty()) {
            return MergePatch.apply(original, patch);
        }
        ObjectNode target = original != null && original.isObject()
                ? ((ObjectNode) original).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        ObjectNode result = mergeMap(target, ((ObjectNode) patch).deepCopy(), root.get());
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /**
     * Merges {@code patch} into {@code original} (both owned by the caller and modified). Returns the merged map, or
     * {@code null} when the patch deletes the map.
     */
    private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, TypeSpec type) {
        JsonNode directive = patch.remove(PATCH_DIRECTIVE);
        if (directive != null) {
            switch (directive.asText()) {
                case "replace" -> {
                    return mergeMap(null, patch, type);
                }
                case "delete" -> {
                    return null;
                }
                case "merge" -> {
                    // The default; accepted as such.
                }
                default -> throw PatchException.badRequest(
                        "unknown patch type: " + directive.asText() + " in map: " + patch);
            }
        }
        ObjectNode target = original == null ? JsonNodeFactory.instance.objectNode() : original;
        StrategicDirectives.applyRetainKeys(target, patch);
        applySetElementOrder(target, patch, type);
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                StrategicDirectives.deleteFromPrimitiveList(target, key, value);
            } else if (value.isNull()) {
                target.remove(key);
            } else {
                JsonNode merged = mergeValue(target.get(key), value, type.field(key), key);
                if (merged == null) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            }
        }
        return target;
    }

    /** The value of one field after the patch; {@code null} when it is to be removed. */
    private JsonNode mergeValue(JsonNode existing, JsonNode value, FieldSpec spec, String field) {
        if (existing == null || existing.isNull()) {
            return fresh(value, spec, field);
        }
        if (existing.isObject() && value.isObject() && spec.strategy() != PatchStrategy.REPLACE) {
            return mergeMap((ObjectNode) existing, (ObjectNode) value, schema.type(spec.type()));
        }
        if (existing.isArray() && value.isArray() && spec.strategy() == PatchStrategy.MERGE) {
            return mergeList((ArrayNode) existing, (ArrayNode) value, spec, field);
        }
        return fresh(value, spec, field);
    }

    /**
     * A patch value landing where nothing is to merge with: the patch applied to nothing, so that directives and
     * nulls inside it take effect instead of being stored.
     */
    private JsonNode fresh(JsonNode value, FieldSpec spec, String field) {
        if (value.isObject()) {
            return mergeMap(null, (ObjectNode) value, schema.type(spec.type()));
        }
        if (value.isArray()) {
            if (spec.strategy() == PatchStrategy.MERGE) {
                return mergeList(JsonNodeFactory.instance.arrayNode(), (ArrayNode) value, spec, field);
            }
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            TypeSpec itemType = schema.type(spec.type());
            for (JsonNode item : value) {
                JsonNode cleaned = item.isObject() ? mergeMap(null, (ObjectNode) item, itemType) : item;
                if (cleaned != null) {
                    result.add(cleaned);
                }
            }
            return result;
        }
        return value;
    }

    // ---- lists ----------------------------------------------------------------------------------------------

    private ArrayNode mergeList(ArrayNode original, ArrayNode patch, FieldSpec spec, String field) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        return switch (elementKind(original, patch, field)) {
            case SCALAR -> mergeScalars(original, patch);
            case OBJECT -> mergeObjects(original, patch, spec, field);
        };
    }

    private enum ElementKind { SCALAR, OBJECT }

    private static ElementKind elementKind(ArrayNode original, ArrayNode patch, String field) {
        Set<ElementKind> kinds = new HashSet<>();
        for (ArrayNode list : List.of(original, patch)) {
            for (JsonNode item : list) {
                if (item.isArray()) {
                    throw PatchException.invalid("lists of lists are not supported (in " + field + ")");
                }
                kinds.add(item.isObject() ? ElementKind.OBJECT : ElementKind.SCALAR);
            }
        }
        if (kinds.size() > 1) {
            throw PatchException.badRequest("list " + field + " mixes objects and primitive values");
        }
        return kinds.iterator().next();
    }

    /** A merged list of primitives is the deduplicated union. */
    private static ArrayNode mergeScalars(ArrayNode original, ArrayNode patch) {
        List<JsonNode> merged = new ArrayList<>();
        Set<JsonNode> seen = new HashSet<>();
        for (ArrayNode list : List.of(original, patch)) {
            for (JsonNode item : list) {
                if (seen.add(JsonValues.canonical(item))) {
                    merged.add(item);
                }
            }
        }
        return ordered(merged, toList(patch), toList(original), JsonValues::canonical);
    }

    private ArrayNode mergeObjects(ArrayNode original, ArrayNode patch, FieldSpec spec, String field) {
        String mergeKey = spec.mergeKey();
        if (mergeKey == null) {
            throw PatchException.badRequest("cannot merge lists without merge key for " + field);
        }
        Function<JsonNode, Object> key = item -> JsonValues.canonical(item.get(mergeKey));
        List<JsonNode> base = toList(original);
        List<JsonNode> items = new ArrayList<>();
        boolean replace = false;
        for (JsonNode item : patch) {
            JsonNode directive = item.get(PATCH_DIRECTIVE);
            if (directive == null) {
                items.add(item);
                continue;
            }
            switch (directive.asText()) {
                case "delete" -> {
                    Object victim = key.apply(StrategicDirectives.requireMergeKey(item, mergeKey));
                    base.removeIf(o -> victim.equals(key.apply(o)));
                }
                case "replace" -> replace = true;
                case "merge" -> {
                    // The default for this list; an item that also names an element is merged as usual.
                    if (item.has(mergeKey)) {
                        ObjectNode plain = ((ObjectNode) item).deepCopy();
                        plain.remove(PATCH_DIRECTIVE);
                        items.add(plain);
                    }
                }
                default -> throw PatchException.badRequest(
                        "unknown patch type: " + directive.asText() + " in map: " + item);
            }
        }
        TypeSpec itemType = schema.type(spec.type());
        if (replace) {
            List<JsonNode> replaced = new ArrayList<>();
            for (JsonNode item : items) {
                replaced.add(mergeMap(null, ((ObjectNode) item).deepCopy(), itemType));
            }
            return ordered(replaced, List.of(), replaced, key);
        }
        List<JsonNode> merged = new ArrayList<>(base);
        for (JsonNode item : items) {
            Object k = key.apply(StrategicDirectives.requireMergeKey(item, mergeKey));
            int at = indexOf(merged, k, key);
            ObjectNode patchItem = (ObjectNode) item;
            if (at >= 0) {
                ObjectNode result = mergeMap((ObjectNode) merged.get(at), patchItem, itemType);
                merged.set(at, result == null ? JsonNodeFactory.instance.objectNode() : result);
            } else {
                merged.add(mergeMap(null, patchItem, itemType));
            }
        }
        return ordered(merged, items, base, key);
    }

    /** Orders merged items: those the patch names by {@code patchOrder}, the rest by {@code serverOrder}. */
    private static ArrayNode ordered(List<JsonNode> merged, List<JsonNode> patchOrder, List<JsonNode> serverOrder,
            Function<JsonNode, Object> key) {
        ListOrder.Partition parts = ListOrder.partition(merged, patchOrder, key);
        List<JsonNode> result = ListOrder.normalize(parts.present(), parts.absent(), patchOrder, serverOrder, key);
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        result.forEach(array::add);
        return array;
    }

    // ---- directives ----------------------------------------------------------------------------------------

    /**
     * {@code $setElementOrder/<list>}: merges the list named alongside (if any) and orders the result, the order
     * list taking precedence over the patch list and both over the original.
     */
    private void applySetElementOrder(ObjectNode target, ObjectNode patch, TypeSpec type) {
        List<String> directives = new ArrayList<>();
        patch.fieldNames().forEachRemaining(k -> {
            if (k.startsWith(SET_ELEMENT_ORDER)) {
                directives.add(k);
            }
        });
        for (String directive : directives) {
            JsonNode order = patch.remove(directive);
            String field = directive.substring(SET_ELEMENT_ORDER.length());
            if (!order.isArray() || field.isEmpty()) {
                throw PatchException.badRequest("invalid patch format of setElementOrder list: " + directive);
            }
            FieldSpec spec = type.field(field);
            ArrayNode originalList = listOrNull(target.get(field), field);
            JsonNode patchValue = patch.get(field);
            ArrayNode patchList = patchValue == null || patchValue.isNull() ? null : listOrNull(patchValue, field);
            Function<JsonNode, Object> key = spec.mergeKey() == null
                    ? JsonValues::canonical
                    : item -> JsonValues.canonical(item.get(spec.mergeKey()));
            StrategicDirectives.validateOrder(patchList, (ArrayNode) order, spec.mergeKey(), directive);
            JsonNode merged;
            if (originalList != null && patchList != null) {
                merged = mergeValue(originalList, patchList, spec, field);
            } else if (patchList != null) {
                merged = fresh(patchList, spec, field);
            } else if (originalList != null) {
                merged = originalList;
            } else {
                continue;
            }
            List<JsonNode> serverOrder = originalList == null ? List.of() : toList(originalList);
            target.set(field, ordered(toList((ArrayNode) merged), toList((ArrayNode) order), serverOrder, key));
            if (patchList != null) {
                patch.remove(field);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static ArrayNode listOrNull(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw PatchException.badRequest("field " + field + " is not a list but a $setElementOrder names it");
        }
        return (ArrayNode) value;
    }

    private static List<JsonNode> toList(ArrayNode array) {
        List<JsonNode> list = new ArrayList<>(array.size());
        array.forEach(list::add);
        return list;
    }

    private static int indexOf(List<JsonNode> items, Object k, Function<JsonNode, Object> key) {
        for (int i = 0; i < items.size(); i++) {
            if (k.equals(key.apply(items.get(i)))) {
                return i;
            }
        }
        return -1;
    }
}
