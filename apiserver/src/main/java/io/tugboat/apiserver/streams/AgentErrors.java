package io.tugboat.apiserver.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.Json;
import io.tugboat.api.errors.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns an agent's error answer (a Status, or plain text from something else) into the Status the client sees. */
final class AgentErrors {

    private AgentErrors() {
    }

    static StatusException fromResponse(int code, byte[] body) {
        try {
            JsonNode status = Json.MAPPER.readTree(body);
            if (status != null && "Status".equals(status.path("kind").asText()) && status.hasNonNull("message")) {
                return new StatusException(status.path("code").asInt(code), status.path("reason").asText(reasonFor(code)),
                        status.path("message").asText(), null, null, null, List.of());
            }
        } catch (Exception notJson) {
            // fall through: the body is shown as text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return new StatusException(code, reasonFor(code),
                text.isEmpty() ? "the node agent responded with the status code " + code : text, null, null, null, List.of());
    }

    static StatusException unreachable(AgentEndpoint agent, String node, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return PodTargets.unavailable("cannot reach the agent of node " + node + " at " + agent + ": "
                + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()));
    }

    private static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "Unknown";
        };
    }
}
