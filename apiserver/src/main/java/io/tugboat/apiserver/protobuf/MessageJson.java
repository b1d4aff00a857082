package io.tugboat.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.tugboat.api.errors.StatusException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Walks a decoded Kubernetes message into the JSON Kubernetes would write for it.
 *
 * <p>Proto field names are the JSON names (go-to-protobuf names fields after their json tags), repeated fields
 * become arrays, maps become objects, bytes become base64 strings, as Go's encoding/json writes []byte. A field
 * the sender did not set is absent. A set scalar at its zero value is absent too unless the Go field is a
 * pointer (see {@link GoFieldRules}); a set message is always written, {} when empty, as Go writes a struct.
 * Kubernetes' types with their own JSON form (Time, Quantity, IntOrString, ...) go through {@link KubernetesTypes}.
 * Fields the bundled schema does not know (added to Kubernetes after it) are skipped, as a Kubernetes server
 * skips protobuf fields it does not know.
 */
final class MessageJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GoFieldRules rules;
    private final KubernetesTypes types;

    /**
     * @param json     reads the JSON documents that FieldsV1 and RawExtension fields carry
     * @param embedded decodes an object a RawExtension carries in its own protobuf envelope
     */
    MessageJson(GoFieldRules rules, ObjectReader json, Function<byte[], ObjectNode> embedded) {
        this.rules = rules;
        this.types = new KubernetesTypes(json, embedded);
    }

    /** The message's fields as a JSON object, in declaration order (which follows the Go struct's). */
    ObjectNode object(Message message) {
        ObjectNode out = NODES.objectNode();
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.isMapField()) {
                if (message.getRepeatedFieldCount(field) > 0) {
                    out.set(field.getName(), map(message, field));
                }
            } else if (field.isRepeated()) {
                if (message.getRepeatedFieldCount(field) > 0) {
                    ArrayNode array = out.putArray(field.getName());
                    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                        array.add(value(field, message.getRepeatedField(field, i)));
                    }
                }
            } else if (message.hasField(field)) {
                Object value = message.getField(field);
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    JsonNode json = value((Message) value);
                    if (rules.isInline(field) && json instanceof ObjectNode embedded) {
                        out.setAll(embedded);
                    } else {
                        out.set(field.getName(), json);
                    }
                } else if (!isZero(value) || rules.keepsZero(field)) {
                    out.set(field.getName(), value(field, value));
                }
            }
        }
        return out;
    }

    /** A message value: Kubernetes' own JSON form when the type has one, else an object. */
    JsonNode value(Message message) {
        JsonNode special = types.toJson(message);
        return special != null ? special : object(message);
    }

    private ObjectNode map(Message message, FieldDescriptor field) {
        FieldDescriptor key = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        ObjectNode out = NODES.objectNode();
        // A map value is written even when empty ("" label values, empty secret data): it is an entry, not a field.
        for (Message entry : castEntries(message.getField(field))) {
            out.set(String.valueOf(entry.getField(key)), value(valueField, entry.getField(valueField)));
        }
        return out;
    }

    private JsonNode value(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> value((Message) value);
            case STRING -> NODES.textNode((String) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> isUnsigned(field)
                    ? number(Integer.toUnsignedLong((Integer) value))
                    : NODES.numberNode((Integer) value);
            case LONG -> isUnsigned(field)
                    ? NODES.numberNode(new BigInteger(Long.toUnsignedString((Long) value)))
                    : number((Long) value);
            case FLOAT -> finite(field, ((Float) value).doubleValue());
            case DOUBLE -> finite(field, (Double) value);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM -> NODES.textNode(((EnumValueDescriptor) value).getName());
        };
    }

    /** The node a JSON parser makes for this number, so decoded trees compare equal to parsed ones. */
    private static JsonNode number(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static JsonNode finite(FieldDescriptor field, double value) {
        // JSON has no NaN or infinities; Go's encoder refuses them as well.
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw StatusException.badRequest("field " + field.getName() + " holds " + value + ", which JSON cannot represent");
        }
        return NODES.numberNode(value);
    }

    private static boolean isUnsigned(FieldDescriptor field) {
        return switch (field.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
    }

    private static boolean isZero(Object value) {
        return switch (value) {
            case String s -> s.isEmpty();
            case Boolean b -> !b;
            case Integer i -> i == 0;
            case Long l -> l == 0L;
            case Float f -> f == 0f;
            case Double d -> d == 0d;
            case ByteString bytes -> bytes.isEmpty();
            default -> false;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Message> castEntries(Object repeated) {
        return (List<Message>) repeated;
    }
}
