package io.tugboat.apiserver.protobuf;

/**
 * The JSON text of metav1.Duration: Go's time.Duration.String() of a count of nanoseconds, e.g. "1h2m3.5s",
 * "1.5s", "300ms", "2µs", "0s". The largest unit comes first; a fraction keeps only its significant digits.
 */
final class GoDuration {

    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Long.MIN_VALUE has no positive long; its magnitude still fits an unsigned long.
        long magnitude = negative ? -nanos : nanos;
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(magnitude, SECOND) < 0) {
            if (magnitude < MICROSECOND) {
                out.append(magnitude).append("ns");
            } else if (magnitude < MILLISECOND) {
                out.append(decimal(magnitude, 3)).append("µs");
            } else {
                out.append(decimal(magnitude, 6)).append("ms");
            }
        } else {
            long seconds = Long.divideUnsigned(magnitude, SECOND);
            long fraction = Long.remainderUnsigned(magnitude, SECOND);
            long minutes = seconds / 60;
            long hours = minutes / 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (minutes > 0) {
                out.append(minutes % 60).append('m');
            }
            out.append(seconds % 60).append(fraction(fraction, 9)).append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    /** value / 10^digits with its fractional part, e.g. (1500, 3) -> "1.5". */
    private static String decimal(long value, int digits) {
        long unit = (long) Math.pow(10, digits);
        return (value / unit) + fraction(value % unit, digits);
    }

    /** ".5" for (500, 3); "" when the fraction is zero. */
    private static String fraction(long fraction, int digits) {
        if (fraction == 0) {
            return "";
        }
        String padded = String.format("%0" + digits + "d", fraction);
        int end = padded.length();
        while (padded.charAt(end - 1) == '0') {
            end--;
        }
        return "." + padded.substring(0, end);
    }
}
