package io.tugboat.apiserver.tables;

import java.time.Duration;

/**
 * Durations as kubectl shows them (apimachinery's {@code duration.HumanDuration}): two or three
 * significant figures, finer units only while they still matter ("5m12s" but "42m", "2d3h" but "9d").
 */
final class HumanDuration {

    private static final long HOURS_PER_DAY = 24;
    private static final long DAYS_PER_YEAR = 365;

    private HumanDuration() {
    }

    static String format(Duration d) {
        long seconds = truncatedSeconds(d);
        // Up to a second or so in the future is clock skew between machines, and reads as "now".
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 2 * 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return withRemainder(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return withRemainder(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        long days = hours / HOURS_PER_DAY;
        if (hours < HOURS_PER_DAY * 8) {
            return withRemainder(days, "d", hours % HOURS_PER_DAY, "h");
        }
        if (hours < HOURS_PER_DAY * DAYS_PER_YEAR * 2) {
            return days + "d";
        }
        long years = days / DAYS_PER_YEAR;
        if (hours < HOURS_PER_DAY * DAYS_PER_YEAR * 8) {
            return withRemainder(years, "y", days % DAYS_PER_YEAR, "d");
        }
        return years + "y";
    }

    private static String withRemainder(long whole, String unit, long rest, String restUnit) {
        return rest == 0 ? whole + unit : whole + unit + rest + restUnit;
    }

    /** Whole seconds rounded toward zero, as Go's {@code int(d.Seconds())}; Duration.getSeconds() floors. */
    private static long truncatedSeconds(Duration d) {
        long s = d.getSeconds();
        return s < 0 && d.getNano() > 0 ? s + 1 : s;
    }
}
