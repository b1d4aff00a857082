package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.patch.managed.FieldPath;
import io.tugboat.api.patch.managed.JsonValues;
import io.tugboat.api.patch.managed.ListKeys;
import io.tugboat.api.patch.managed.PathElement;
import io.tugboat.api.patch.managed.Shape;
import io.tugboat.api.patch.schema.FieldSpec;
import io.tugboat.api.patch.schema.PatchSchema;
import io.tugboat.api.patch.schema.TypeSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Merges an applied configuration into the live object the way server-side apply does: objects field by field,
 * associative lists item by item by their keys, sets value by value, everything else (atomic) replaced. Also
 * checks the configuration is well formed for that: every item of an associative list names all its keys, once.
 */
final class ApplyMerge {

    private final PatchSchema schema;

    ApplyMerge(PatchSchema schema) {
        this.schema = schema;
    }

    /** A new object: {@code live} with {@code config} merged in; neither is modified. */
    ObjectNode merge(ObjectNode live, ObjectNode config, TypeSpec type) {
        validateObject(FieldPath.ROOT, config, type);
        ObjectNode result = live.deepCopy();
        mergeObject(FieldPath.ROOT, result, config, type);
        return result;
    }

    private void mergeObject(FieldPath path, ObjectNode target, JsonNode config, TypeSpec type) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                // An explicit null in an applied configuration clears the field.
                target.remove(name);
                continue;
            }
            target.set(name, mergeValue(path.field(name), target.get(name), value, type.field(name)));
        }
    }

    private JsonNode mergeValue(FieldPath path, JsonNode live, JsonNode config, FieldSpec spec) {
        Shape shape = Shape.of(spec, config);
        if (live == null || live.isNull() || live.getNodeType() != config.getNodeType()) {
            return withoutNulls(config);
        }
        return switch (shape) {
            case OBJECT -> {
                ObjectNode target = ((ObjectNode) live).deepCopy();
                mergeObject(path, target, config, schema.type(spec.type()));
                yield target;
            }
            case KEYED_LIST -> mergeKeyed(path, (ArrayNode) live, (ArrayNode) config, spec);
            case SET_LIST -> mergeSet((ArrayNode) live, (ArrayNode) config);
            case LEAF -> withoutNulls(config);
        };
    }

    private ArrayNode mergeKeyed(FieldPath path, ArrayNode live, ArrayNode config, FieldSpec spec) {
        TypeSpec itemType = schema.type(spec.type());
        Function<JsonNode, Object> key = item -> ListKeys.keyOf(item, spec).orElse(null);
        return toArray(mergeInOrder(live, config, key, (liveItem, configItem) -> {
            if (liveItem == null || !liveItem.isObject()) {
                return withoutNulls(configItem);
            }
            ObjectNode target = ((ObjectNode) liveItem).deepCopy();
            mergeObject(path.child(ListKeys.keyOf(configItem, spec).orElseThrow()), target, configItem, itemType);
            return target;
        }));
    }

    private static ArrayNode mergeSet(ArrayNode live, ArrayNode config) {
        return toArray(mergeInOrder(live, config, JsonValues::canonical, (liveValue, configValue) -> configValue));
    }

    /**
     * Merges two lists item by item in structured-merge-diff's order: live items the configuration does not name
     * stay where they are, configured items follow the configuration's order, and an item the configuration
     * names is emitted at its turn in that order.
     */
    private static List<JsonNode> mergeInOrder(ArrayNode live, ArrayNode config, Function<JsonNode, Object> key,
            BinaryOperator<JsonNode> merge) {
        Map<Object, JsonNode> liveByKey = index(live, key);
        Map<Object, JsonNode> configByKey = index(config, key);
        Deque<Object> sharedOrder = new ArrayDeque<>();
        configByKey.keySet().stream().filter(liveByKey::containsKey).forEach(sharedOrder::add);
        Set<Object> emitted = new HashSet<>();
        List<JsonNode> out = new ArrayList<>();
        int l = 0;
        int r = 0;
        while (l < live.size() || r < config.size()) {
            Object liveKey = l < live.size() ? key.apply(live.get(l)) : null;
            if (l < live.size() && r < config.size()) {
                Object configKey = key.apply(config.get(r));
                if (liveKey != null && liveKey.equals(configKey)) {
                    out.add(merge.apply(live.get(l), config.get(r)));
                    emitted.add(configKey);
                    sharedOrder.remove(configKey);
                    l++;
                    r++;
                    continue;
                }
                if (liveKey != null && configByKey.containsKey(liveKey) && !emitted.contains(liveKey)
                        && !liveKey.equals(sharedOrder.peekFirst())) {
                    // Named by the configuration, but later: it is emitted when the configuration reaches it.
                    l++;
                    continue;
                }
            }
            if (l < live.size()) {
                if (liveKey == null || !configByKey.containsKey(liveKey)) {
                    out.add(live.get(l).deepCopy());
                    l++;
                    continue;
                }
                if (emitted.contains(liveKey)) {
                    l++;
                    continue;
                }
            }
            if (r < config.size()) {
                Object configKey = key.apply(config.get(r));
                out.add(merge.apply(liveByKey.get(configKey), config.get(r)));
                emitted.add(configKey);
                sharedOrder.remove(configKey);
                r++;
            }
        }
        return out;
    }

    private static Map<Object, JsonNode> index(ArrayNode list, Function<JsonNode, Object> key) {
        Map<Object, JsonNode> byKey = new LinkedHashMap<>();
        list.forEach(item -> {
            Object k = key.apply(item);
            if (k != null) {
                byKey.putIfAbsent(k, item);
            }
        });
        return byKey;
    }

    /** Every associative list in the configuration must give each item all its keys, and no key twice. */
    private void validateObject(FieldPath path, JsonNode config, TypeSpec type) {
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            FieldSpec spec = type.field(e.getKey());
            FieldPath child = path.field(e.getKey());
            switch (Shape.of(spec, value)) {
                case OBJECT -> validateObject(child, value, schema.type(spec.type()));
                case KEYED_LIST -> {
                    validateKeys(child, value, spec);
                    TypeSpec itemType = schema.type(spec.type());
                    for (JsonNode item : value) {
                        validateObject(child.child(ListKeys.keyOf(item, spec).orElseThrow()), item, itemType);
                    }
                }
                case SET_LIST, LEAF -> {
                }
            }
        }
    }

    private static void validateKeys(FieldPath path, JsonNode list, FieldSpec spec) {
        Set<PathElement.Key> seen = new HashSet<>();
        int index = 0;
        for (JsonNode item : list) {
            List<String> missing = ListKeys.missingKeyFields(item, spec);
            if (!missing.isEmpty()) {
                throw PatchException.badRequest(path + ": element " + index
                        + ": associative list with keys has an element that omits key field \"" + missing.getFirst()
                        + "\" (and doesn't have default value)");
            }
            PathElement.Key key = ListKeys.keyOf(item, spec).orElseThrow();
            if (!seen.add(key)) {
                throw PatchException.badRequest(path + ": duplicate entries for key " + key.describe());
            }
            index++;
        }
    }

    private static JsonNode withoutNulls(JsonNode value) {
        JsonNode copy = value.deepCopy();
        dropNulls(copy);
        return copy;
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            object.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                }
            });
            object.remove(nulls);
        }
        node.forEach(ApplyMerge::dropNulls);
    }

    private static ArrayNode toArray(List<JsonNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        items.forEach(array::add);
        return array;
    }
}
