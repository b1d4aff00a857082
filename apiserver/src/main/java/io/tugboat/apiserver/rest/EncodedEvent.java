package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One watch event as it goes out: JSON text for a WebSocket message, and its UTF-8 bytes for a chunked stream. */
record EncodedEvent(String text, byte[] utf8) {

    /** {"type": type, "object": object}. */
    static EncodedEvent of(String type, ObjectNode object) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        try {
            String text = Json.MAPPER.writeValueAsString(event);
            return new EncodedEvent(text, text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
