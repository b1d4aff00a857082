package io.tugboat.agent.streams;

/**
 * A stream request that cannot be served, with the HTTP status and Kubernetes reason to answer it with
 * (404 NotFound for an unknown pod or container, 400 BadRequest for a container that is not running, ...).
 */
public class StreamException extends Exception {
    private final int code;
    private final String reason;

    public StreamException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
