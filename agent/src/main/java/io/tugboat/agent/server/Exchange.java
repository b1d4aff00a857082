package io.tugboat.agent.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request to the agent with its query parameters read once, and the answers the agent gives. */
record Exchange(Request request, Response response, Callback callback, Fields query, List<String> path) {

    static Exchange of(Request request, Response response, Callback callback) {
        String decoded = request.getHttpURI().getDecodedPath();
        List<String> segments = List.of(decoded.replaceAll("^/+", "").split("/"));
        return new Exchange(request, response, callback, Request.extractQueryParameters(request, StandardCharsets.UTF_8),
                segments);
    }

    String query(String name) {
        Fields.Field f = query.get(name);
        return f == null ? null : f.getValue();
    }

    List<String> queryAll(String name) {
        Fields.Field f = query.get(name);
        return f == null ? List.of() : f.getValues();
    }

    /** Answers with a Status, completing the exchange. */
    void fail(int code, String reason, String message) {
        byte[] body = StatusBodies.failure(code, reason, message);
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A query flag as Kubernetes reads one (Go's ParseBool); anything unparsable is a 400. */
    boolean flag(String name) throws BadQuery {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new BadQuery("invalid value for " + name + ": \"" + v + "\" is not a boolean");
        };
    }

    /** A numeric query parameter, or null. */
    Long number(String name) throws BadQuery {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadQuery("invalid value for " + name + ": \"" + v + "\" is not an integer");
        }
    }

    /** A query parameter that cannot be read: a 400. */
    static final class BadQuery extends Exception {
        BadQuery(String message) {
            super(message);
        }
    }
}
