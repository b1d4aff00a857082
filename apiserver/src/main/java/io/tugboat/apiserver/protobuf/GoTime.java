package io.tugboat.apiserver.protobuf;

import io.tugboat.api.errors.StatusException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON text of metav1.Time and metav1.MicroTime: RFC 3339 in UTC, to the second for Time
 * ("2024-01-02T03:04:05Z") and to the microsecond for MicroTime ("2024-01-02T03:04:05.123456Z").
 */
final class GoTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private GoTime() {
    }

    /** metav1.Time keeps whole seconds only: Kubernetes drops the nanos of a protobuf Time when it decodes one. */
    static String seconds(long epochSeconds) {
        return format(SECONDS, epochSeconds, 0);
    }

    /** metav1.MicroTime; sub-microsecond digits are cut, as Go's formatting of it does. */
    static String micros(long epochSeconds, int nanos) {
        return format(MICROS, epochSeconds, nanos);
    }

    private static String format(DateTimeFormatter formatter, long epochSeconds, int nanos) {
        try {
            Instant instant = Instant.ofEpochSecond(epochSeconds, nanos);
            // Go's RFC 3339 marshalling refuses years outside [0, 9999]; so does Kubernetes.
            int year = instant.atZone(ZoneOffset.UTC).getYear();
            if (year < 0 || year > 9999) {
                throw StatusException.badRequest("timestamp " + epochSeconds + "s is outside the years 0 to 9999");
            }
            return formatter.format(instant);
        } catch (DateTimeException | ArithmeticException e) {
            throw StatusException.badRequest("timestamp " + epochSeconds + "s is out of range");
        }
    }
}
