package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the metadata of an object kept as a JSON tree. */
public final class Meta {

    private Meta() {
    }

    public static ObjectNode metadata(ObjectNode object) {
        JsonNode m = object.get("metadata");
        if (m instanceof ObjectNode o) {
            return o;
        }
        return object.putObject("metadata");
    }

    public static String text(ObjectNode object, String field) {
        JsonNode v = object.path("metadata").get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static String name(ObjectNode object) {
        return text(object, "name");
    }

    public static String namespace(ObjectNode object) {
        return text(object, "namespace");
    }

    public static String resourceVersion(ObjectNode object) {
        return text(object, "resourceVersion");
    }

    public static Map<String, String> labels(ObjectNode object) {
        return stringMap(object.path("metadata").get("labels"));
    }

    public static Map<String, String> stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }

    public static List<String> finalizers(ObjectNode object) {
        JsonNode f = object.path("metadata").get("finalizers");
        List<String> out = new ArrayList<>();
        if (f != null && f.isArray()) {
            f.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    public static void setFinalizers(ObjectNode object, List<String> finalizers) {
        if (finalizers.isEmpty()) {
            metadata(object).remove("finalizers");
        } else {
            ArrayNode arr = metadata(object).putArray("finalizers");
            finalizers.forEach(arr::add);
        }
    }

    public static boolean isDeleting(ObjectNode object) {
        JsonNode d = object.path("metadata").get("deletionTimestamp");
        return d != null && !d.isNull();
    }

    /** Kubernetes' wire form of a time: RFC 3339 in UTC, whole seconds. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
