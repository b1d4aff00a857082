package io.tugboat.api.errors;

/** One reason a request failed, as in a Kubernetes Status's details.causes: e.g. FieldValueInvalid on spec.replicas. */
public record StatusCause(String reason, String message, String field) {

    public static StatusCause required(String field) {
        return new StatusCause("FieldValueRequired", "Required value", field);
    }

    public static StatusCause invalid(String field, Object value, String detail) {
        return new StatusCause("FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail, field);
    }

    public static StatusCause notSupported(String field, Object value, String detail) {
        return new StatusCause("FieldValueNotSupported", "Unsupported value: " + quote(value) + ": " + detail, field);
    }

    public static StatusCause forbidden(String field, String detail) {
        return new StatusCause("FieldValueForbidden", "Forbidden: " + detail, field);
    }

    public static StatusCause duplicate(String field, Object value) {
        return new StatusCause("FieldValueDuplicate", "Duplicate value: " + quote(value), field);
    }

    /** The "field: message" form Kubernetes joins into an Invalid status's message. */
    public String describe() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
