package io.tugboat.apiserver.openapi;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shape of a JSON value as the API server accepts it. One model feeds the OpenAPI v2 and v3 writers
 * and the field validator, so what kubectl reads in the documents and what the server rejects cannot drift.
 */
public sealed interface Schema {

    /** A named definition, resolved through the {@link SchemaCatalog}. */
    record Ref(String name) implements Schema {
    }

    /** A JSON scalar: {@code type} is string, integer, number or boolean; {@code format} may be null. */
    record Primitive(String type, String format) implements Schema {

        public static Primitive string() {
            return new Primitive("string", null);
        }
    }

    record ArrayOf(Schema items) implements Schema {
    }

    /** A JSON object with free keys, every value of one shape: Go's {@code map[string]T}. */
    record MapOf(Schema values) implements Schema {
    }

    /** A JSON object with a closed set of fields: a key not listed is an unknown field. */
    record Struct(SortedMap<String, Schema> properties, List<String> required) implements Schema {

        public Struct {
            properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
            required = List.copyOf(required);
        }
    }

    /**
     * Any JSON the server keeps as it came ({@code x-kubernetes-preserve-unknown-fields}).
     *
     * @param objectOnly true where the value must still be an object (FieldsV1, RawExtension)
     */
    record Untyped(boolean objectOnly) implements Schema {
    }

    /** Kubernetes' intstr.IntOrString: a JSON integer or string (ports, maxSurge). */
    record IntOrString() implements Schema {
    }

    /** Kubernetes' resource.Quantity: a string such as "500m" or "1Gi", or a plain JSON number. */
    record Quantity() implements Schema {
    }
}
