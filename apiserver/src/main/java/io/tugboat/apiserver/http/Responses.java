package io.tugboat.apiserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;

/** Writes API answers: objects as JSON, failures as Kubernetes Status objects. */
public final class Responses {

    public static final String JSON = "application/json";

    private Responses() {
    }

    public static void json(HttpExchange ex, int status, Object body) {
        ex.respond(status, JSON, Json.bytes(body));
    }

    public static void error(HttpExchange ex, StatusException e) {
        if (e.retryAfterSeconds() != null) {
            ex.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        ex.respond(e.code(), JSON, Json.bytes(status(e)));
    }

    public static ObjectNode status(StatusException e) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", e.getMessage());
        s.put("reason", e.reason());
        if (e.name() != null || e.kind() != null || !e.causes().isEmpty()) {
            ObjectNode details = s.putObject("details");
            if (e.name() != null) {
                details.put("name", e.name());
            }
            if (e.group() != null && !e.group().isEmpty()) {
                details.put("group", e.group());
            }
            if (e.kind() != null) {
                details.put("kind", e.kind());
            }
            if (!e.causes().isEmpty()) {
                ArrayNode causes = details.putArray("causes");
                for (StatusCause c : e.causes()) {
                    ObjectNode cn = causes.addObject();
                    cn.put("reason", c.reason());
                    cn.put("message", c.message());
                    if (c.field() != null) {
                        cn.put("field", c.field());
                    }
                }
            }
            if (e.retryAfterSeconds() != null) {
                details.put("retryAfterSeconds", e.retryAfterSeconds());
            }
        }
        s.put("code", e.code());
        return s;
    }

    /** The Status a delete answers with when the object is gone at once. */
    public static ObjectNode success(String group, String kind, String name, String uid) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        ObjectNode details = s.putObject("details");
        details.put("name", name);
        if (group != null && !group.isEmpty()) {
            details.put("group", group);
        }
        details.put("kind", kind);
        if (uid != null) {
            details.put("uid", uid);
        }
        return s;
    }
}
