package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Renders {@link Schema}s as JSON Schema in the dialect of one OpenAPI version. */
final class SchemaWriter {

    /** The OpenAPI versions differ in where definitions live and in how they spell union types. */
    enum Dialect {
        V2("#/definitions/"),
        V3("#/components/schemas/");

        final String refPrefix;

        Dialect(String refPrefix) {
            this.refPrefix = refPrefix;
        }
    }

    static final String GVK_EXTENSION = "x-kubernetes-group-version-kind";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Dialect dialect;

    SchemaWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    ObjectNode ref(String definitionName) {
        return NODES.objectNode().put("$ref", dialect.refPrefix + definitionName);
    }

    ObjectNode definition(Definition definition) {
        ObjectNode node = schema(definition.body());
        if (!definition.kinds().isEmpty()) {
            ArrayNode kinds = node.putArray(GVK_EXTENSION);
            definition.kinds().forEach(k -> kinds.add(kind(k)));
        }
        return node;
    }

    static ObjectNode kind(GroupVersionKind kind) {
        // Key order as Kubernetes writes it (sorted), so clients comparing documents see no noise.
        ObjectNode node = NODES.objectNode();
        node.put("group", kind.group());
        node.put("kind", kind.kind());
        node.put("version", kind.version());
        return node;
    }

    ObjectNode schema(Schema schema) {
        ObjectNode node = NODES.objectNode();
        switch (schema) {
            case Schema.Ref(String name) -> node.put("$ref", dialect.refPrefix + name);
            case Schema.Primitive(String type, String format) -> {
                node.put("type", type);
                if (format != null) {
                    node.put("format", format);
                }
            }
            case Schema.ArrayOf(Schema items) -> {
                node.put("type", "array");
                node.set("items", schema(items));
            }
            case Schema.MapOf(Schema values) -> {
                node.put("type", "object");
                node.set("additionalProperties", schema(values));
            }
            case Schema.Struct struct -> {
                node.put("type", "object");
                ObjectNode properties = node.putObject("properties");
                for (Map.Entry<String, Schema> p : struct.properties().entrySet()) {
                    properties.set(p.getKey(), schema(p.getValue()));
                }
                if (!struct.required().isEmpty()) {
                    ArrayNode required = node.putArray("required");
                    struct.required().forEach(required::add);
                }
            }
            case Schema.Untyped(boolean objectOnly) -> {
                if (objectOnly) {
                    node.put("type", "object");
                }
                node.put("x-kubernetes-preserve-unknown-fields", true);
            }
            case Schema.IntOrString i -> {
                if (dialect == Dialect.V3) {
                    node.put("format", "int-or-string");
                    node.putArray("oneOf").add(typed("integer")).add(typed("string"));
                    node.put("x-kubernetes-int-or-string", true);
                } else {
                    // Swagger 2.0 has no oneOf; Kubernetes publishes the string form with this format.
                    node.put("type", "string");
                    node.put("format", "int-or-string");
                }
            }
            case Schema.Quantity q -> {
                if (dialect == Dialect.V3) {
                    node.putArray("oneOf").add(typed("string")).add(typed("number"));
                } else {
                    node.put("type", "string");
                }
            }
        }
        return node;
    }

    private static ObjectNode typed(String type) {
        return NODES.objectNode().put("type", type);
    }
}
