package io.tugboat.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** "@every 90m": a fixed interval counted from the previous time, in whole seconds, as robfig/cron's ConstantDelaySchedule. */
record IntervalSchedule(Duration every) implements Schedule {

    IntervalSchedule {
        every = every.truncatedTo(ChronoUnit.SECONDS);
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            every = Duration.ofSeconds(1);
        }
    }

    @Override
    public Optional<Instant> next(Instant after) {
        return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(every));
    }

    @Override
    public Optional<Instant> latest(Instant after, Instant upTo) {
        Instant first = after.truncatedTo(ChronoUnit.SECONDS).plus(every);
        if (first.isAfter(upTo)) {
            return Optional.empty();
        }
        long steps = Duration.between(first, upTo).getSeconds() / every.getSeconds();
        return Optional.of(first.plus(every.multipliedBy(steps)));
    }
}
