package io.tugboat.controllers.cronjob;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A five-field cron expression evaluated in a time zone (cron-utils does the calendar work). Wall-clock times that
 * a daylight-saving jump skips do not fire that day; a wall-clock time that the jump back repeats fires once.
 */
record CronSchedule(ExecutionTime times, ZoneId zone) implements Schedule {

    @Override
    public Optional<Instant> next(Instant after) {
        return times.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
    }

    @Override
    public Optional<Instant> latest(Instant after, Instant upTo) {
        // cron times are whole minutes, so "strictly before the next whole second" is "at or before upTo"
        Instant bound = upTo.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return times.lastExecution(bound.atZone(zone)).map(ZonedDateTime::toInstant).filter(t -> t.isAfter(after));
    }
}
