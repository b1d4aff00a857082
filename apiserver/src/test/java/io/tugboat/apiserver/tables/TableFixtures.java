package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Shared test inputs: a fixed "now", objects parsed from JSON text, served kinds by name. */
final class TableFixtures {

    /** All ages in the tests are measured to this instant. */
    static final Instant NOW = Instant.parse("2025-01-10T12:00:00Z");

    private static final ResourceTypes TYPES = ResourceTypes.builtIn();

    private TableFixtures() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResourceType type(String kind) {
        return TYPES.all().stream().filter(t -> t.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not served: " + kind));
    }
}
