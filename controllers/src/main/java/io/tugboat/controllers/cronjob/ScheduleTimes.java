package io.tugboat.controllers.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scheduling arithmetic of kube's cronjob controller v2, as pure functions of a schedule and instants: which
 * scheduled time is due, how many were missed, whether it is too late to start, and when to look again.
 */
final class ScheduleTimes {

    /** More unmet times than this gets a TooManyMissedTimes warning (kube's "somewhat arbitrary" 100). */
    static final int TOO_MANY_MISSED = 100;
    /** Wake a little after the scheduled time, so a slightly fast timer does not find it not yet due (kube's 100 ms). */
    static final Duration WAKE_DELAY = Duration.ofMillis(100);

    /**
     * What is due at {@code now}.
     *
     * @param latest    the most recent unmet scheduled time, if any
     * @param missed    how many unmet times there are, counted up to {@link #TOO_MANY_MISSED} + 1
     * @param exhausted the schedule has no time at all after the search start (kube's "invalid schedule")
     */
    record Due(Optional<Instant> latest, int missed, boolean exhausted) {

        boolean tooManyMissed() {
            return missed > TOO_MANY_MISSED;
        }
    }

    private ScheduleTimes() {
    }

    /**
     * Where the search for unmet times starts: the last scheduled time (or the CronJob's creation), moved up to
     * {@code now - startingDeadlineSeconds} when that is later, since nothing older may start anyway.
     */
    static Instant searchFrom(Instant lastScheduledOrCreated, Instant now, Long startingDeadlineSeconds) {
        if (startingDeadlineSeconds == null) {
            return lastScheduledOrCreated;
        }
        Instant deadline = now.minusSeconds(startingDeadlineSeconds);
        return deadline.isAfter(lastScheduledOrCreated) ? deadline : lastScheduledOrCreated;
    }

    /** The scheduled times in ({@code from}, {@code now}]: the latest, and how many (walking at most 101 of them). */
    static Due due(Schedule schedule, Instant from, Instant now) {
        Optional<Instant> first = schedule.next(from);
        if (first.isEmpty()) {
            return new Due(Optional.empty(), 0, true);
        }
        Instant latest = null;
        int missed = 0;
        for (Optional<Instant> t = first; t.isPresent() && !t.get().isAfter(now); t = schedule.next(t.get())) {
            latest = t.get();
            if (++missed > TOO_MANY_MISSED) {
                // a clock far off or a controller down for long: jump to the latest rather than walk years of minutes
                Instant walked = latest;
                return new Due(Optional.of(schedule.latest(from, now).orElse(walked)), missed, false);
            }
        }
        return new Due(Optional.ofNullable(latest), missed, false);
    }

    /** Whether a scheduled time is past its startingDeadlineSeconds and may no longer start. */
    static boolean tooLate(Instant scheduled, Instant now, Long startingDeadlineSeconds) {
        return startingDeadlineSeconds != null && scheduled.plusSeconds(startingDeadlineSeconds).isBefore(now);
    }

    /**
     * How long until the next scheduled time after the last one (or after creation), plus {@link #WAKE_DELAY}; empty
     * when the schedule never fires again. Never negative: a time already due is looked at again at once.
     */
    static Optional<Duration> untilNext(Schedule schedule, Instant lastScheduledOrCreated, Instant now) {
        Due due = due(schedule, lastScheduledOrCreated, now);
        Instant base = due.latest().orElse(lastScheduledOrCreated);
        return schedule.next(base).map(next -> {
            Duration wait = Duration.between(now, next).plus(WAKE_DELAY);
            return wait.isNegative() ? Duration.ZERO : wait;
        });
    }
}
