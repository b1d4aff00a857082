package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.patch.schema.FieldSpec;
import io.tugboat.api.patch.schema.PatchSchema;
import io.tugboat.api.patch.schema.TypeSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a write changed, as field paths: added, modified and removed, the way structured-merge-diff compares two
 * objects. A value that appears brings all its paths with it, including the new container itself (a new map, list
 * or list item), which is how an updater comes to own {@code f:labels: {".": {}}}.
 */
public final class ObjectDiff {

    /** The outcome of a comparison. */
    public record Changes(FieldSet added, FieldSet modified, FieldSet removed) {

        public boolean isEmpty() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }

        /** Added and modified: what the writer now sets. */
        public FieldSet changed() {
            return added.union(modified);
        }

        /** Without the given exact paths and without the given subtrees. */
        public Changes without(FieldSet exact, Collection<FieldPath> subtrees) {
            return new Changes(added.difference(exact).withoutSubtrees(subtrees),
                    modified.difference(exact).withoutSubtrees(subtrees),
                    removed.difference(exact).withoutSubtrees(subtrees));
        }
    }

    private final PatchSchema schema;

    public ObjectDiff(PatchSchema schema) {
        this.schema = schema;
    }

    public Changes compare(JsonNode before, JsonNode after, TypeSpec type) {
        Accumulator acc = new Accumulator();
        compareObjects(FieldPath.ROOT, before, after, type, acc);
        return new Changes(FieldSet.of(acc.added), FieldSet.of(acc.modified), FieldSet.of(acc.removed));
    }

    private void compareObjects(FieldPath path, JsonNode before, JsonNode after, TypeSpec type, Accumulator acc) {
        Set<String> names = new LinkedHashSet<>();
        if (before != null) {
            before.fieldNames().forEachRemaining(names::add);
        }
        if (after != null) {
            after.fieldNames().forEachRemaining(names::add);
        }
        for (String name : names) {
            compareValues(path.field(name), get(before, name), get(after, name), type.field(name), acc);
        }
    }

    private void compareValues(FieldPath path, JsonNode before, JsonNode after, FieldSpec spec, Accumulator acc) {
        if (before == null && after == null) {
            return;
        }
        if (before == null) {
            everything(path, after, spec, acc.added);
            return;
        }
        if (after == null) {
            everything(path, before, spec, acc.removed);
            return;
        }
        Shape shapeBefore = Shape.of(spec, before);
        Shape shapeAfter = Shape.of(spec, after);
        // An empty container is a leaf on its own, but next to a filled one it is that container with no parts yet.
        Shape shape = shapeBefore == Shape.LEAF ? shapeAfter : shapeBefore;
        boolean comparable = before.getNodeType() == after.getNodeType()
                && (shapeBefore == shapeAfter || shapeBefore == Shape.LEAF || shapeAfter == Shape.LEAF);
        if (shape == Shape.LEAF || !comparable) {
            if (!JsonValues.same(before, after)) {
                acc.modified.add(path);
            }
            return;
        }
        switch (shape) {
            case OBJECT -> compareObjects(path, before, after, schema.type(spec.type()), acc);
            case KEYED_LIST -> compareKeyedLists(path, before, after, spec, acc);
            case SET_LIST -> compareSets(path, before, after, acc);
            case LEAF -> throw new AssertionError("handled above");
        }
    }

    private void compareKeyedLists(FieldPath path, JsonNode before, JsonNode after, FieldSpec spec, Accumulator acc) {
        Optional<Map<PathElement.Key, JsonNode>> a = index(before, spec);
        Optional<Map<PathElement.Key, JsonNode>> b = index(after, spec);
        if (a.isEmpty() || b.isEmpty()) {
            // Items without identity: the list can only be compared whole.
            if (!JsonValues.same(before, after)) {
                acc.modified.add(path);
            }
            return;
        }
        TypeSpec itemType = schema.type(spec.type());
        Set<PathElement.Key> keys = new LinkedHashSet<>(a.get().keySet());
        keys.addAll(b.get().keySet());
        for (PathElement.Key key : keys) {
            FieldPath itemPath = path.child(key);
            JsonNode x = a.get().get(key);
            JsonNode y = b.get().get(key);
            if (x == null) {
                everythingInItem(itemPath, y, itemType, acc.added);
            } else if (y == null) {
                everythingInItem(itemPath, x, itemType, acc.removed);
            } else {
                compareObjects(itemPath, x, y, itemType, acc);
            }
        }
    }

    private static void compareSets(FieldPath path, JsonNode before, JsonNode after, Accumulator acc) {
        Set<JsonNode> a = values(before);
        Set<JsonNode> b = values(after);
        b.stream().filter(v -> !a.contains(v)).forEach(v -> acc.added.add(path.value(v)));
        a.stream().filter(v -> !b.contains(v)).forEach(v -> acc.removed.add(path.value(v)));
    }

    /** Every path of a value that appeared or disappeared. */
    private void everything(FieldPath path, JsonNode value, FieldSpec spec, TreeSet<FieldPath> out) {
        Shape shape = Shape.of(spec, value);
        // metadata, spec and status are plain structs in Kubernetes, always present, so never owned themselves.
        if (shape == Shape.LEAF || path.size() > 1) {
            out.add(path);
        }
        switch (shape) {
            case OBJECT -> {
                TypeSpec type = schema.type(spec.type());
                value.properties().forEach(e -> {
                    if (!e.getValue().isNull()) {
                        everything(path.field(e.getKey()), e.getValue(), type.field(e.getKey()), out);
                    }
                });
            }
            case KEYED_LIST -> {
                TypeSpec itemType = schema.type(spec.type());
                for (JsonNode item : value) {
                    ListKeys.keyOf(item, spec).ifPresent(k -> everythingInItem(path.child(k), item, itemType, out));
                }
            }
            case SET_LIST -> value.forEach(v -> out.add(path.value(v)));
            case LEAF -> {
            }
        }
    }

    private void everythingInItem(FieldPath itemPath, JsonNode item, TypeSpec itemType, TreeSet<FieldPath> out) {
        out.add(itemPath);
        item.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                everything(itemPath.field(e.getKey()), e.getValue(), itemType.field(e.getKey()), out);
            }
        });
    }

    /** Items by key, the first of duplicates winning; empty if some item has no key at all. */
    private static Optional<Map<PathElement.Key, JsonNode>> index(JsonNode list, FieldSpec spec) {
        Map<PathElement.Key, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode item : list) {
            Optional<PathElement.Key> key = ListKeys.keyOf(item, spec);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            byKey.putIfAbsent(key.get(), item);
        }
        return Optional.of(byKey);
    }

    private static Set<JsonNode> values(JsonNode list) {
        Set<JsonNode> set = new LinkedHashSet<>();
        list.forEach(v -> set.add(JsonValues.canonical(v)));
        return set;
    }

    private static JsonNode get(JsonNode object, String name) {
        if (object == null) {
            return null;
        }
        JsonNode v = object.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private static final class Accumulator {
        final TreeSet<FieldPath> added = new TreeSet<>();
        final TreeSet<FieldPath> modified = new TreeSet<>();
        final TreeSet<FieldPath> removed = new TreeSet<>();
    }
}
