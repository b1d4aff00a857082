package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Null-safe reads from an object's JSON tree. Printers see objects as stored, so any field may be
 * absent; an absent string reads as "" and an absent number as 0, as Go's zero values do.
 */
final class Fields {

    private Fields() {
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    static String age(JsonNode object, Instant now) {
        return Timestamps.since(object.path("metadata").path("creationTimestamp"), now);
    }

    static boolean isDeleting(JsonNode object) {
        return Timestamps.parse(object.path("metadata").path("deletionTimestamp")).isPresent();
    }

    /** The text at a path of field names, or "" if any step is missing or null. */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() ? n.asText("") : "";
    }

    /** The text at a path, or {@code fallback} when it is missing or empty. */
    static String textOr(String fallback, JsonNode node, String... path) {
        String s = text(node, path);
        return s.isEmpty() ? fallback : s;
    }

    /**
     * For Go pointer fields: the text when the field is set (even to ""), {@code unset} when it is
     * missing or null.
     */
    static String textIfSet(String unset, JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n.isValueNode() && !n.isNull() ? n.asText("") : unset;
    }

    private static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String step : path) {
            n = n.path(step);
        }
        return n;
    }

    /** Entries of a JSON object or elements of an array; 0 for anything else. */
    static long size(JsonNode node) {
        return node.isContainerNode() ? node.size() : 0;
    }

    /** The string elements of a JSON array field. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (n.isValueNode()) {
                out.add(n.asText());
            }
        }
        return out;
    }

    /** The first element of an array whose {@code field} equals {@code value}; a missing node if none. */
    static JsonNode firstWhere(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText(null))) {
                return n;
            }
        }
        return MissingNode.getInstance();
    }
}
