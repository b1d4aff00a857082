package io.tugboat.api.patch;

import io.tugboat.api.errors.StatusException;
import java.util.List;
import java.util.Objects;

/**
 * A patch that cannot be applied. The reason says which Kubernetes status it maps to: a patch document that is not
 * one is a bad request (400); a well-formed patch that does not apply to this object, such as a JSON Patch
 * {@code test} that fails, is unprocessable (422), as in Kubernetes.
 */
public class PatchException extends RuntimeException {

    /** The Kubernetes status reasons a patch failure maps to. */
    public enum Reason {
        BAD_REQUEST(400, "BadRequest"),
        CONFLICT(409, "Conflict"),
        REQUEST_ENTITY_TOO_LARGE(413, "RequestEntityTooLarge"),
        INVALID(422, "Invalid");

        private final int code;
        private final String statusReason;

        Reason(int code, String statusReason) {
            this.code = code;
            this.statusReason = statusReason;
        }

        public int code() {
            return code;
        }

        /** The {@code reason} of the Kubernetes Status. */
        public String statusReason() {
            return statusReason;
        }
    }

    private final Reason reason;

    public PatchException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public PatchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    static PatchException badRequest(String message) {
        return new PatchException(Reason.BAD_REQUEST, message);
    }

    static PatchException invalid(String message) {
        return new PatchException(Reason.INVALID, message);
    }

    public Reason reason() {
        return reason;
    }

    public int code() {
        return reason.code();
    }

    /** The failure as the Kubernetes Status the API server returns. */
    public StatusException toStatus() {
        return new StatusException(reason.code(), reason.statusReason(), getMessage(), null, null, null, List.of());
    }
}
