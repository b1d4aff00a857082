package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.tugboat.api.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds the fields of an incoming object that its kind does not have, the way Kubernetes' strict JSON
 * decoding does, for {@code fieldValidation=Strict} (400) and {@code Warn} (Warning headers). Paths read
 * as Kubernetes prints them: {@code spec.template.spec.containers[0].imagee}; map entries add their key
 * as a path segment. Like Kubernetes, at most 100 distinct problems are reported, in document order.
 *
 * <p>The schema of each model class is read once, on first use, and kept in this instance.
 */
public final class FieldValidator {

    /** A field the kind does not have, at its Kubernetes path. */
    public record UnknownField(String path) {

        /** As Kubernetes words it: {@code unknown field "spec.replicass"}. */
        public String message() {
            return "unknown field \"" + path + "\"";
        }
    }

    /** The error cap of Kubernetes' strict decoder (sigs.k8s.io/json). */
    private static final int MAX_REPORTED = 100;
    private static final String SCALE_KEY = BuiltinDefinitions.SCALE;

    private record Root(SchemaCatalog catalog, Schema schema) {
    }

    private final ObjectMapper mapper;
    private final ConcurrentMap<Object, Root> roots = new ConcurrentHashMap<>();

    public FieldValidator() {
        this(new ObjectMapper());
    }

    /** @param mapper the mapper the server decodes objects with: its view of the model is the truth */
    public FieldValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The unknown fields of {@code object}, an incoming object of {@code type}; empty if there are none. */
    public List<UnknownField> validate(ResourceType type, JsonNode object) {
        return validate(type.javaType(), object);
    }

    /** The unknown fields of {@code object} read as the given model class. */
    public List<UnknownField> validate(Class<?> modelType, JsonNode object) {
        return walk(rootOf(modelType), object, false);
    }

    /** The unknown fields of an autoscaling/v1 Scale, the body of a /scale subresource write. */
    public List<UnknownField> validateScale(JsonNode scale) {
        return walk(scaleRoot(), scale, false);
    }

    /**
     * Removes the unknown fields from {@code object} in place and returns them. Kubernetes drops such
     * fields under {@code fieldValidation=Ignore} and {@code Warn}; without pruning, fabric8's
     * additionalProperties would keep and store them.
     */
    public List<UnknownField> prune(ResourceType type, JsonNode object) {
        return walk(rootOf(type.javaType()), object, true);
    }

    /** The error text of a Strict failure: {@code strict decoding error: unknown field "a", unknown field "b"}. */
    public static String strictDecodingError(List<UnknownField> fields) {
        StringBuilder s = new StringBuilder("strict decoding error: ");
        for (int i = 0; i < fields.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(fields.get(i).message());
        }
        return s.toString();
    }

    /**
     * The message of the 400 BadRequest Kubernetes answers a create or update with:
     * {@code Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ...}.
     */
    public static String badRequestMessage(ResourceType type, List<UnknownField> fields) {
        return type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind() + ": "
                + strictDecodingError(fields);
    }

    private Root rootOf(Class<?> modelType) {
        return roots.computeIfAbsent(modelType, t -> {
            SchemaCatalog catalog = SchemaCatalog.ofClass(modelType, mapper);
            return new Root(catalog, new Schema.Ref(catalog.nameOf(modelType).orElseThrow()));
        });
    }

    private Root scaleRoot() {
        return roots.computeIfAbsent(SCALE_KEY, k -> new Root(SchemaCatalog.ofClass(ObjectMeta.class, mapper),
                new Schema.Ref(BuiltinDefinitions.SCALE)));
    }

    private static List<UnknownField> walk(Root root, JsonNode object, boolean prune) {
        Objects.requireNonNull(object, "object");
        Walk walk = new Walk(root.catalog(), prune);
        walk.visit(root.schema(), object, new StringBuilder());
        return walk.found.stream().map(UnknownField::new).toList();
    }

    /** One pass over one object; mutable, so never shared. */
    private static final class Walk {
        private final SchemaCatalog catalog;
        private final boolean prune;
        private final Set<String> found = new LinkedHashSet<>();

        Walk(SchemaCatalog catalog, boolean prune) {
            this.catalog = catalog;
            this.prune = prune;
        }

        void visit(Schema schema, JsonNode node, StringBuilder path) {
            if (!prune && found.size() >= MAX_REPORTED) {
                return;
            }
            switch (catalog.resolve(schema)) {
                case Schema.Struct struct when node.isObject() -> visitStruct(struct, (ObjectNode) node, path);
                case Schema.MapOf(Schema values) when node.isObject() -> {
                    for (Map.Entry<String, JsonNode> entry : node.properties()) {
                        int mark = appendKey(path, entry.getKey());
                        visit(values, entry.getValue(), path);
                        path.setLength(mark);
                    }
                }
                case Schema.ArrayOf(Schema items) when node.isArray() -> {
                    for (int i = 0; i < node.size(); i++) {
                        int mark = path.length();
                        path.append('[').append(i).append(']');
                        visit(items, node.get(i), path);
                        path.setLength(mark);
                    }
                }
                // Scalars, free-form values, and values of the wrong JSON type: the decoder, not this
                // check, reports a type mismatch.
                default -> { }
            }
        }

        private void visitStruct(Schema.Struct struct, ObjectNode node, StringBuilder path) {
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                int mark = appendKey(path, entry.getKey());
                Schema field = struct.properties().get(entry.getKey());
                if (field == null) {
                    unknown.add(entry.getKey());
                    if (found.size() < MAX_REPORTED) {
                        found.add(path.toString());
                    }
                } else {
                    visit(field, entry.getValue(), path);
                }
                path.setLength(mark);
            }
            if (prune) {
                node.remove(unknown);
            }
        }

        private static int appendKey(StringBuilder path, String key) {
            int mark = path.length();
            if (mark > 0) {
                path.append('.');
            }
            path.append(key);
            return mark;
        }
    }
}
