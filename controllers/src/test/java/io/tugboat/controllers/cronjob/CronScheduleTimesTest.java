package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTimesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-15T10:20:30Z"), ZoneOffset.UTC);
    private final ScheduleParser parser = new ScheduleParser();

    private Schedule utc(String schedule) {
        return parser.parse(schedule, ZoneOffset.UTC);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void nothingIsDueBeforeTheFirstTimeAfterTheLastRun() {
        Instant now = CLOCK.instant();
        ScheduleTimes.Due due = ScheduleTimes.due(utc("0 * * * *"), at("2024-05-15T10:00:00Z"), now);
        assertThat(due.latest()).isEmpty();
        assertThat(due.missed()).isZero();
        assertThat(due.exhausted()).isFalse();
        // wakes just after 11:00
        assertThat(ScheduleTimes.untilNext(utc("0 * * * *"), at("2024-05-15T10:00:00Z"), now))
                .contains(Duration.ofMinutes(39).plusSeconds(30).plus(ScheduleTimes.WAKE_DELAY));
    }

    @Test
    void theTimeItselfIsDue() {
        Instant now = at("2024-05-15T11:00:00Z");
        ScheduleTimes.Due due = ScheduleTimes.due(utc("0 * * * *"), at("2024-05-15T10:00:00Z"), now);
        assertThat(due.latest()).contains(now);
        assertThat(due.missed()).isEqualTo(1);
    }

    @Test
    void onlyTheMostRecentMissedTimeIsDue() {
        // last run at 07:00; 08:00, 09:00 and 10:00 were missed: 10:00 is the one to run
        ScheduleTimes.Due due = ScheduleTimes.due(utc("0 * * * *"), at("2024-05-15T07:00:00Z"), CLOCK.instant());
        assertThat(due.latest()).contains(at("2024-05-15T10:00:00Z"));
        assertThat(due.missed()).isEqualTo(3);
        assertThat(due.tooManyMissed()).isFalse();
        assertThat(ScheduleTimes.untilNext(utc("0 * * * *"), at("2024-05-15T10:00:00Z"), CLOCK.instant()))
                .contains(Duration.ofMinutes(39).plusSeconds(30).plusMillis(100));
    }

    @Test
    void moreThanAHundredMissedTimesAreTooManyButTheLatestStillRuns() {
        // every minute since the day before: 1,460 missed, the walk stops at 101 and jumps to the latest
        ScheduleTimes.Due due = ScheduleTimes.due(utc("* * * * *"), at("2024-05-14T10:00:00Z"), CLOCK.instant());
        assertThat(due.tooManyMissed()).isTrue();
        assertThat(due.missed()).isEqualTo(ScheduleTimes.TOO_MANY_MISSED + 1);
        assertThat(due.latest()).contains(at("2024-05-15T10:20:00Z"));

        ScheduleTimes.Due hundred = ScheduleTimes.due(utc("* * * * *"), at("2024-05-15T08:40:00Z"), at("2024-05-15T10:20:00Z"));
        assertThat(hundred.missed()).isEqualTo(100);
        assertThat(hundred.tooManyMissed()).isFalse();

        ScheduleTimes.Due every = ScheduleTimes.due(utc("@every 10s"), at("2024-05-14T10:00:00Z"), CLOCK.instant());
        assertThat(every.tooManyMissed()).isTrue();
        assertThat(every.latest()).contains(at("2024-05-15T10:20:30Z"));
    }

    @Test
    void aStartingDeadlineLimitsHowFarBackTheSearchGoes() {
        Instant now = CLOCK.instant();
        Instant lastRun = at("2024-05-14T10:00:00Z");
        // the day of missed minutes is cut to the last 5 minutes by startingDeadlineSeconds=300
        Instant from = ScheduleTimes.searchFrom(lastRun, now, 300L);
        assertThat(from).isEqualTo(at("2024-05-15T10:15:30Z"));
        ScheduleTimes.Due due = ScheduleTimes.due(utc("* * * * *"), from, now);
        assertThat(due.missed()).isEqualTo(5);
        assertThat(due.tooManyMissed()).isFalse();
        assertThat(due.latest()).contains(at("2024-05-15T10:20:00Z"));
        // an hourly schedule whose last time (10:00) is 20 minutes old is past a 5-minute deadline: nothing is due
        assertThat(ScheduleTimes.due(utc("0 * * * *"), from, now).latest()).isEmpty();
        // without a deadline the search starts at the last run
        assertThat(ScheduleTimes.searchFrom(lastRun, now, null)).isEqualTo(lastRun);
        // a recent last run is later than the deadline and stays the start
        assertThat(ScheduleTimes.searchFrom(at("2024-05-15T10:19:00Z"), now, 300L)).isEqualTo(at("2024-05-15T10:19:00Z"));
    }

    @Test
    void tooLateIsPastTheStartingDeadline() {
        Instant scheduled = at("2024-05-15T10:20:00Z");
        assertThat(ScheduleTimes.tooLate(scheduled, CLOCK.instant(), null)).isFalse();
        assertThat(ScheduleTimes.tooLate(scheduled, CLOCK.instant(), 30L)).isFalse();
        assertThat(ScheduleTimes.tooLate(scheduled, CLOCK.instant(), 29L)).isTrue();
    }

    @Test
    void aScheduleThatNeverFiresIsExhausted() {
        ScheduleTimes.Due due = ScheduleTimes.due(utc("0 0 30 2 *"), at("2024-01-01T00:00:00Z"), CLOCK.instant());
        assertThat(due.exhausted()).isTrue();
        assertThat(ScheduleTimes.untilNext(utc("0 0 30 2 *"), at("2024-01-01T00:00:00Z"), CLOCK.instant())).isEmpty();
        // the 29th of February is rare, not impossible
        assertThat(utc("0 0 29 2 *").next(at("2024-03-01T00:00:00Z"))).contains(at("2028-02-29T00:00:00Z"));
    }

    @Test
    void aTimeZoneShiftsTheWallClock() {
        Schedule nineInTokyo = parser.parse("0 9 * * *", ZoneId.of("Asia/Tokyo"));
        assertThat(nineInTokyo.next(CLOCK.instant())).contains(at("2024-05-16T00:00:00Z"));
        ScheduleTimes.Due due = ScheduleTimes.due(nineInTokyo, at("2024-05-14T00:00:00Z"), CLOCK.instant());
        assertThat(due.latest()).contains(at("2024-05-15T00:00:00Z"));
    }

    @Test
    void aWallClockTimeThatSpringForwardSkipsDoesNotRunThatDay() {
        // New York jumps from 02:00 to 03:00 on 2024-03-10: 02:30 does not exist that day
        Schedule s = parser.parse("30 2 * * *", ZoneId.of("America/New_York"));
        assertThat(walk(s, at("2024-03-09T12:00:00Z"), 2))
                .containsExactly(at("2024-03-11T06:30:00Z"), at("2024-03-12T06:30:00Z"));
        // hourly jobs carry on in absolute time across the gap
        Schedule hourly = parser.parse("0 * * * *", ZoneId.of("America/New_York"));
        assertThat(walk(hourly, at("2024-03-10T06:00:00Z"), 2)).containsExactly(at("2024-03-10T07:00:00Z"), at("2024-03-10T08:00:00Z"));
        // the day after the gap, most-recent arithmetic is not thrown off by it
        ScheduleTimes.Due due = ScheduleTimes.due(s, at("2024-03-09T07:30:00Z"), at("2024-03-11T12:00:00Z"));
        assertThat(due.latest()).contains(at("2024-03-11T06:30:00Z"));
        assertThat(due.missed()).isEqualTo(1);
    }

    @Test
    void aWallClockTimeThatFallBackRepeatsRunsOnce() {
        // New York repeats 01:00-02:00 on 2024-11-03: a daily 01:30 job runs at the first 01:30 only
        Schedule s = parser.parse("30 1 * * *", ZoneId.of("America/New_York"));
        assertThat(walk(s, at("2024-11-02T12:00:00Z"), 2))
                .containsExactly(at("2024-11-03T05:30:00Z"), at("2024-11-04T06:30:00Z"));
        // while a half-hourly job runs through both hours
        Schedule halfHourly = parser.parse("*/30 * * * *", ZoneId.of("America/New_York"));
        assertThat(walk(halfHourly, at("2024-11-03T05:00:00Z"), 3))
                .containsExactly(at("2024-11-03T05:30:00Z"), at("2024-11-03T06:00:00Z"), at("2024-11-03T06:30:00Z"));
    }

    @Test
    void theLatestTimeWithoutWalking() {
        Schedule s = utc("*/5 * * * *");
        assertThat(s.latest(at("2024-05-15T10:00:00Z"), at("2024-05-15T10:20:00Z"))).contains(at("2024-05-15T10:20:00Z"));
        assertThat(s.latest(at("2024-05-15T10:00:00Z"), at("2024-05-15T10:24:59.900Z"))).contains(at("2024-05-15T10:20:00Z"));
        assertThat(s.latest(at("2024-05-15T10:20:00Z"), at("2024-05-15T10:24:00Z"))).isEmpty();
        Schedule every = utc("@every 1m");
        assertThat(every.latest(at("2024-05-15T10:00:10Z"), at("2024-05-15T10:05:09Z"))).contains(at("2024-05-15T10:04:10Z"));
        assertThat(every.latest(at("2024-05-15T10:00:10Z"), at("2024-05-15T10:01:09Z"))).isEmpty();
    }

    private static List<Instant> walk(Schedule s, Instant from, int count) {
        List<Instant> out = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < count; i++) {
            t = s.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }
}
