package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code FieldsV1} encoding of a field set, as in {@code metadata.managedFields[].fieldsV1}: a trie whose keys are
 * encoded path elements; {@code {}} marks a member leaf, and {@code ".": {}} marks a member that also has members
 * below it (a list item and the fields of it the manager owns).
 */
public final class FieldsV1 {

    private static final String SELF = ".";

    private FieldsV1() {
    }

    public static ObjectNode encode(FieldSet set) {
        Node root = new Node();
        for (FieldPath path : set.paths()) {
            Node node = root;
            for (PathElement e : path.elements()) {
                node = node.children.computeIfAbsent(e, k -> new Node());
            }
            node.member = true;
        }
        return root.toJson();
    }

    /** Decodes a fieldsV1 trie; throws {@link IllegalArgumentException} when it is not one. */
    public static FieldSet decode(JsonNode fields) {
        if (fields == null || fields.isNull()) {
            return FieldSet.empty();
        }
        if (!fields.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be an object");
        }
        List<FieldPath> paths = new ArrayList<>();
        collect(FieldPath.ROOT, fields, paths);
        return FieldSet.of(paths);
    }

    private static void collect(FieldPath path, JsonNode node, List<FieldPath> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(SELF)) {
                if (!path.isRoot()) {
                    out.add(path);
                }
                continue;
            }
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException("fieldsV1 entries must be objects: " + e.getKey());
            }
            FieldPath child = path.child(PathElement.decode(e.getKey()));
            if (e.getValue().isEmpty()) {
                out.add(child);
            } else {
                collect(child, e.getValue(), out);
            }
        }
    }

    /** A trie node; children sorted as structured-merge-diff serialises them. */
    private static final class Node {
        private final TreeMap<PathElement, Node> children = new TreeMap<>();
        private boolean member;

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            if (member && !children.isEmpty()) {
                json.set(SELF, JsonNodeFactory.instance.objectNode());
            }
            children.forEach((element, child) -> json.set(element.encode(), child.toJson()));
            return json;
        }
    }
}
