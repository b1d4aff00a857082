package io.tugboat.api.patch.schema;

import java.util.Map;
import java.util.Objects;

/**
 * The fields of one schema type that need more than default patch semantics, or lead to one that does. Fields not
 * listed behave as {@link FieldSpec#DEFAULT}, which is also how unknown fields of custom resources behave.
 */
public record TypeSpec(String name, Map<String, FieldSpec> fields) {

    /** A type nothing is known about. */
    public static final TypeSpec OPEN = new TypeSpec("", Map.of());

    public TypeSpec {
        Objects.requireNonNull(name, "name");
        fields = Map.copyOf(fields);
    }

    public FieldSpec field(String fieldName) {
        return fields.getOrDefault(fieldName, FieldSpec.DEFAULT);
    }
}
