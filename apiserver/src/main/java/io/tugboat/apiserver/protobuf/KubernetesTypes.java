package io.tugboat.apiserver.protobuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.tugboat.api.errors.StatusException;
import java.io.IOException;
import java.util.function.Function;

/**
 * The Kubernetes types whose JSON is not the plain object of their proto fields, because their Go types
 * implement their own JSON marshalling:
 * <ul>
 *   <li>intstr.IntOrString {type, intVal, strVal}: the number or the string;</li>
 *   <li>resource.Quantity {string}: the canonical string, "0" when unset;</li>
 *   <li>meta.v1.Time and MicroTime {seconds, nanos}: RFC 3339 text, null for the zero (empty) time;</li>
 *   <li>meta.v1.Duration {duration}: Go's duration text;</li>
 *   <li>meta.v1.FieldsV1 {Raw} and runtime.RawExtension {raw}: the JSON document they carry;</li>
 *   <li>named Go slices (meta.v1.Verbs, authentication.v1.ExtraValue, ...), which go-to-protobuf wraps in a
 *       message with one repeated "items" field: the bare array.</li>
 * </ul>
 */
final class KubernetesTypes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    private static final String QUANTITY_VALUE = "k8s.io.apimachinery.pkg.api.resource.QuantityValue";
    private static final String TIME = META + "Time";
    private static final String MICRO_TIME = META + "MicroTime";
    private static final String DURATION = META + "Duration";
    private static final String FIELDS_V1 = META + "FieldsV1";
    private static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

    private final ObjectReader json;
    private final Function<byte[], ObjectNode> embedded;

    /**
     * @param json     reads the JSON documents FieldsV1 and RawExtension carry
     * @param embedded decodes an object a RawExtension carries in its own protobuf envelope
     */
    KubernetesTypes(ObjectReader json, Function<byte[], ObjectNode> embedded) {
        this.json = json;
        this.embedded = embedded;
    }

    /** The JSON of a message of one of these types, or null when the message is an ordinary object. */
    JsonNode toJson(Message message) {
        Descriptor type = message.getDescriptorForType();
        return switch (type.getFullName()) {
            case INT_OR_STRING -> intOrString(message);
            case QUANTITY, QUANTITY_VALUE -> quantity(message);
            case TIME -> isEmpty(message) ? NODES.nullNode() : NODES.textNode(GoTime.seconds(longField(message, "seconds")));
            case MICRO_TIME -> isEmpty(message) ? NODES.nullNode()
                    : NODES.textNode(GoTime.micros(longField(message, "seconds"), intField(message, "nanos")));
            case DURATION -> NODES.textNode(GoDuration.format(longField(message, "duration")));
            case FIELDS_V1 -> embeddedJson(bytesField(message, "Raw"), "fieldsV1");
            case RAW_EXTENSION -> rawExtension(bytesField(message, "raw"));
            default -> isSliceWrapper(type) ? items(message) : null;
        };
    }

    private static JsonNode intOrString(Message message) {
        long type = longField(message, "type");
        if (type == 0) {
            return NODES.numberNode(intField(message, "intVal"));
        }
        if (type == 1) {
            return NODES.textNode(stringField(message, "strVal"));
        }
        throw StatusException.badRequest("an IntOrString has type " + type + "; only 0 (int) and 1 (string) exist");
    }

    private static JsonNode quantity(Message message) {
        // Go's zero Quantity writes "0"; the encoder never sends it empty, a bare message means zero.
        String text = stringField(message, "string");
        return NODES.textNode(text.isEmpty() ? "0" : text);
    }

    private JsonNode rawExtension(ByteString raw) {
        byte[] bytes = raw.toByteArray();
        // An object embedded by a protobuf client is itself a k8s\0-framed protobuf object.
        if (Envelope.hasMagic(bytes)) {
            return embedded.apply(bytes);
        }
        return embeddedJson(raw, "a RawExtension");
    }

    private JsonNode embeddedJson(ByteString raw, String what) {
        if (raw.isEmpty()) {
            return NODES.nullNode();
        }
        try {
            JsonNode node = json.readTree(raw.toByteArray());
            return node == null ? NODES.nullNode() : node;
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("the content of " + what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw StatusException.badRequest("the content of " + what + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * A Go named slice of strings: exactly one field, a repeated string named "items". List kinds also have
     * items, but next to their metadata, so they stay objects.
     */
    private static boolean isSliceWrapper(Descriptor type) {
        if (type.getFields().size() != 1) {
            return false;
        }
        FieldDescriptor only = type.getFields().get(0);
        return only.isRepeated() && only.getName().equals("items") && only.getType() == FieldDescriptor.Type.STRING;
    }

    private static ArrayNode items(Message message) {
        FieldDescriptor items = message.getDescriptorForType().getFields().get(0);
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < message.getRepeatedFieldCount(items); i++) {
            out.add((String) message.getRepeatedField(items, i));
        }
        return out;
    }

    /** Kubernetes writes an empty Time as zero bytes: no field at all, not seconds=0. */
    private static boolean isEmpty(Message message) {
        return message.getAllFields().isEmpty();
    }

    private static long longField(Message message, String name) {
        return (Long) message.getField(field(message, name));
    }

    private static int intField(Message message, String name) {
        return (Integer) message.getField(field(message, name));
    }

    private static String stringField(Message message, String name) {
        return (String) message.getField(field(message, name));
    }

    private static ByteString bytesField(Message message, String name) {
        return (ByteString) message.getField(field(message, name));
    }

    private static FieldDescriptor field(Message message, String name) {
        return message.getDescriptorForType().findFieldByName(name);
    }
}
