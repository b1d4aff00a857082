package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads metav1.Time / MicroTime fields and turns them into the ages kubectl prints. */
final class Timestamps {

    static final String UNKNOWN = "<unknown>";

    /** Go's zero time, which Kubernetes serialises for an unset timestamp in some places. */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private Timestamps() {
    }

    /** The instant in an RFC 3339 field; empty when the field is missing, null, zero or unparseable. */
    static Optional<Instant> parse(JsonNode field) {
        if (field == null || !field.isTextual() || field.asText().isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant t = OffsetDateTime.parse(field.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return t.equals(GO_ZERO) ? Optional.empty() : Optional.of(t);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** "5m12s" since the timestamp, or {@code <unknown>} when there is none. */
    static String since(JsonNode field, Instant now) {
        return parse(field).map(t -> since(t, now)).orElse(UNKNOWN);
    }

    static String since(Instant then, Instant now) {
        return HumanDuration.format(Duration.between(then, now));
    }
}
