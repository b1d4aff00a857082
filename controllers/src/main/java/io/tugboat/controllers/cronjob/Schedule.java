package io.tugboat.controllers.cronjob;

import java.time.Instant;
import java.util.Optional;

/** The times a CronJob's schedule fires. */
sealed interface Schedule permits CronSchedule, IntervalSchedule {

    /** The first time strictly after {@code after}; empty when the schedule never fires again (e.g. "0 0 30 2 *"). */
    Optional<Instant> next(Instant after);

    /** The latest time in ({@code after}, {@code upTo}], without walking every time in between. */
    Optional<Instant> latest(Instant after, Instant upTo);
}
