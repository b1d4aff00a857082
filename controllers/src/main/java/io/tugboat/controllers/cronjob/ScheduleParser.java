package io.tugboat.controllers.cronjob;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;

/**
 * spec.schedule and spec.timeZone read as kube reads them (robfig/cron's standard parser): five fields with names,
 * ranges, lists and steps (cron-utils' UNIX definition), "?" for "*" in the day fields, the @yearly ... @hourly
 * macros, "@every &lt;Go duration&gt;", and a leading "TZ=zone" or "CRON_TZ=zone", which kube's validation rejects
 * in new objects but its controller still honours.
 */
final class ScheduleParser {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final String EVERY = "@every ";

    private final CronParser unix = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * The schedule in {@code zone} (or in the zone its TZ= prefix names).
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    Schedule parse(String text, ZoneId zone) {
        String spec = text == null ? "" : text.strip();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("expected a schedule after " + spec);
            }
            zone = zone(spec.substring(spec.indexOf('=') + 1, space));
            spec = spec.substring(space).strip();
        }
        if (spec.startsWith(EVERY)) {
            return new IntervalSchedule(GoDurations.parse(spec.substring(EVERY.length()).strip()));
        }
        if (spec.startsWith("@")) {
            String cron = MACROS.get(spec);
            if (cron == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + spec);
            }
            spec = cron;
        }
        String[] fields = spec.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": " + Arrays.toString(fields));
        }
        for (int day : new int[] {2, 4}) {
            if (fields[day].equals("?")) {
                fields[day] = "*";
            }
        }
        var cron = unix.parse(String.join(" ", fields)).validate();
        return new CronSchedule(ExecutionTime.forCron(cron), zone);
    }

    /**
     * An IANA time zone by name, as Go's time.LoadLocation finds them ("" is UTC); offsets such as "+01:00" and
     * Java's "UTC+1" forms are not zone names and are refused.
     *
     * @throws IllegalArgumentException for an unknown zone
     */
    static ZoneId zone(String name) {
        if (name.isEmpty()) {
            return ZoneId.of("UTC");
        }
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            throw new IllegalArgumentException("unknown time zone " + name);
        }
        return ZoneId.of(name);
    }
}
