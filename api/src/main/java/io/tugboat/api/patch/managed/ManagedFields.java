package io.tugboat.api.patch.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and writes {@code metadata.managedFields} as Kubernetes stores it: entries of
 * {@code {manager, operation, apiVersion, time, fieldsType: FieldsV1, fieldsV1, subresource}}, sorted with appliers
 * first, then by time, manager, apiVersion and subresource.
 */
public final class ManagedFields {

    public static final String FIELDS_TYPE = "FieldsV1";

    private static final Comparator<ManagedFieldsEntry> ORDER = Comparator
            .comparing((ManagedFieldsEntry e) -> e.operation().wireName())
            .thenComparing(e -> e.time() == null ? 0L : e.time().getEpochSecond())
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(ManagedFieldsEntry::apiVersion)
            .thenComparing(ManagedFieldsEntry::subresource);

    private ManagedFields() {
    }

    /** The entries of an object's metadata; throws {@link IllegalArgumentException} if they are malformed. */
    public static List<ManagedFieldsEntry> of(JsonNode object) {
        JsonNode metadata = object == null ? null : object.get("metadata");
        return decode(metadata == null ? null : metadata.get("managedFields"));
    }

    /** Decodes a managedFields array; {@code null} decodes to no entries. */
    public static List<ManagedFieldsEntry> decode(JsonNode array) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("managedFields must be a list");
        }
        List<ManagedFieldsEntry> entries = new ArrayList<>();
        for (JsonNode item : array) {
            entries.add(decodeEntry(item));
        }
        return List.copyOf(entries);
    }

    private static ManagedFieldsEntry decodeEntry(JsonNode item) {
        if (!item.isObject()) {
            throw new IllegalArgumentException("managedFields entries must be objects");
        }
        String fieldsType = text(item, "fieldsType");
        if (fieldsType != null && !fieldsType.equals(FIELDS_TYPE)) {
            throw new IllegalArgumentException("unsupported fieldsType " + fieldsType);
        }
        String manager = text(item, "manager");
        String operation = text(item, "operation");
        if (manager == null || operation == null) {
            throw new IllegalArgumentException("managedFields entries need a manager and an operation");
        }
        String time = text(item, "time");
        Instant at;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid managedFields time " + time, e);
        }
        return new ManagedFieldsEntry(manager, ManagedFieldsEntry.Operation.fromWire(operation),
                text(item, "apiVersion"), at, text(item, "subresource"), FieldsV1.decode(item.get("fieldsV1")));
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Encodes entries in Kubernetes' order. */
    public static ArrayNode encode(List<ManagedFieldsEntry> entries) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        entries.stream().sorted(ORDER).forEach(e -> array.add(encodeEntry(e)));
        return array;
    }

    private static ObjectNode encodeEntry(ManagedFieldsEntry e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("manager", e.manager());
        node.put("operation", e.operation().wireName());
        node.put("apiVersion", e.apiVersion());
        if (e.time() != null) {
            // metav1.Time has second precision on the wire.
            node.put("time", e.time().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        node.put("fieldsType", FIELDS_TYPE);
        node.set("fieldsV1", FieldsV1.encode(e.fields()));
        if (!e.subresource().isEmpty()) {
            node.put("subresource", e.subresource());
        }
        return node;
    }
}
