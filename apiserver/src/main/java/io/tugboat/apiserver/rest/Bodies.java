package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.MediaType;
import io.tugboat.apiserver.protobuf.ProtobufDecoder;
import java.io.IOException;
import java.util.List;

/** Reads request bodies: JSON or YAML objects, with Kubernetes' answers for bad input. */
final class Bodies {

    /** Kubernetes accepts request bodies up to 3 MiB; objects are then limited to 1.5 MiB by the store. */
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private Bodies() {
    }

    static ObjectNode object(HttpExchange ex, ProtobufDecoder protobuf) {
        String contentType = ex.header("Content-Type");
        MediaType type = MediaType.parse(contentType == null ? "application/json" : contentType);
        JsonNode node = switch (type.type()) {
            case "application/json", "*/*" -> parse(ex.body(MAX_BODY_BYTES), false);
            case "application/yaml", "application/x-yaml", "text/yaml" -> parse(ex.body(MAX_BODY_BYTES), true);
            // kubectl's typed clients (create deployment, create namespace, ...) send protobuf
            case ProtobufDecoder.MEDIA_TYPE -> protobuf.decode(ex.body(MAX_BODY_BYTES));
            default -> throw StatusException.unsupportedMediaType(contentType,
                    List.of("application/json", "application/yaml", ProtobufDecoder.MEDIA_TYPE));
        };
        if (!(node instanceof ObjectNode o)) {
            throw StatusException.badRequest("Object 'Kind' is missing in '" + abbreviate(String.valueOf(node)) + "'");
        }
        return o;
    }

    static JsonNode parse(byte[] body, boolean yaml) {
        if (body.length == 0) {
            throw StatusException.badRequest("the request body is empty");
        }
        try {
            JsonNode node = (yaml ? Json.YAML : Json.MAPPER).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw StatusException.badRequest("the request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw StatusException.badRequest("couldn't get version/kind; " + (yaml ? "yaml" : "json") + " parse error: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw StatusException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
