package io.tugboat.api.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request failure that the API reports as a Kubernetes {@code Status}: HTTP code, machine reason,
 * human message and, for Invalid, the causes per field. {@code kind} is the resource as Kubernetes names
 * it in details ("deployments"), {@code group} its API group.
 */
public final class StatusException extends RuntimeException {

    private final int code;
    private final String reason;
    private final String group;
    private final String kind;
    private final String name;
    private final List<StatusCause> causes;
    private final Integer retryAfterSeconds;

    public StatusException(int code, String reason, String message, String group, String kind, String name,
            List<StatusCause> causes) {
        this(code, reason, message, group, kind, name, causes, null);
    }

    private StatusException(int code, String reason, String message, String group, String kind, String name,
            List<StatusCause> causes, Integer retryAfterSeconds) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.group = group;
        this.kind = kind;
        this.name = name;
        this.causes = List.copyOf(causes);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static StatusException notFound(String group, String resource, String name) {
        return new StatusException(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found",
                group, resource, name, List.of());
    }

    /** A path that names no resource at all, as Kubernetes answers it. */
    public static StatusException noSuchResource() {
        return new StatusException(404, "NotFound", "the server could not find the requested resource", null, null, null, List.of());
    }

    public static StatusException alreadyExists(String group, String resource, String name) {
        return new StatusException(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists",
                group, resource, name, List.of());
    }

    public static StatusException conflict(String group, String resource, String name, String detail) {
        return new StatusException(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
                + " \"" + name + "\": " + detail, group, resource, name, List.of());
    }

    public static StatusException invalid(String group, String kind, String name, List<StatusCause> causes) {
        String joined = causes.stream().map(StatusCause::describe).collect(Collectors.joining(", "));
        String message = kind + " \"" + name + "\" is invalid: "
                + (causes.size() == 1 ? joined : "[" + joined + "]");
        return new StatusException(422, "Invalid", message, group, kind, name, causes);
    }

    public static StatusException badRequest(String message) {
        return new StatusException(400, "BadRequest", message, null, null, null, List.of());
    }

    public static StatusException methodNotAllowed(String message) {
        return new StatusException(405, "MethodNotAllowed", message, null, null, null, List.of());
    }

    public static StatusException unsupportedMediaType(String contentType, List<String> accepted) {
        return new StatusException(415, "UnsupportedMediaType", "the body of the request was in an unknown format ("
                + contentType + ") - accepted media types include: " + String.join(", ", accepted),
                null, null, null, List.of());
    }

    public static StatusException notAcceptable(String message) {
        return new StatusException(406, "NotAcceptable", message, null, null, null, List.of());
    }

    public static StatusException unauthorized() {
        return new StatusException(401, "Unauthorized", "Unauthorized", null, null, null, List.of());
    }

    public static StatusException forbidden(String message) {
        return new StatusException(403, "Forbidden", message, null, null, null, List.of());
    }

    public static StatusException tooLarge(String message) {
        return new StatusException(413, "RequestEntityTooLarge", message, null, null, null, List.of());
    }

    public static StatusException expired(String message) {
        return new StatusException(410, "Expired", message, null, null, null, List.of());
    }

    public static StatusException gone(String message) {
        return new StatusException(410, "Gone", message, null, null, null, List.of());
    }

    public static StatusException internal(String message) {
        return new StatusException(500, "InternalError", message, null, null, null, List.of());
    }

    public static StatusException unavailable(String message, int retryAfterSeconds) {
        return new StatusException(503, "ServiceUnavailable", message, null, null, null, List.of(), retryAfterSeconds);
    }

    public static StatusException timeout(String message) {
        return new StatusException(504, "Timeout", message, null, null, null, List.of());
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public List<StatusCause> causes() {
        return causes;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
