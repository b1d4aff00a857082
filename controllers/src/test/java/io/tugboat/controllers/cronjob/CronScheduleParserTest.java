package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleParserTest {

    private final ScheduleParser parser = new ScheduleParser();

    private List<String> times(String schedule, String from, int count) {
        Schedule s = parser.parse(schedule, ZoneOffset.UTC);
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            t = s.next(t).orElseThrow();
            out.add(t.toString());
        }
        return out;
    }

    @Test
    void fiveFieldsWithStepsRangesListsAndNames() {
        assertThat(times("*/15 * * * *", "2024-01-01T00:00:30Z", 3))
                .containsExactly("2024-01-01T00:15:00Z", "2024-01-01T00:30:00Z", "2024-01-01T00:45:00Z");
        assertThat(times("1-10/3 * * * *", "2024-01-01T00:00:00Z", 4))
                .containsExactly("2024-01-01T00:01:00Z", "2024-01-01T00:04:00Z", "2024-01-01T00:07:00Z", "2024-01-01T00:10:00Z");
        // 2024-01-05 is a Friday
        assertThat(times("0 9 * * MON-FRI", "2024-01-05T10:00:00Z", 2)).containsExactly("2024-01-08T09:00:00Z", "2024-01-09T09:00:00Z");
        assertThat(times("0 0 * * mon,Wed", "2024-01-01T00:00:00Z", 2)).containsExactly("2024-01-03T00:00:00Z", "2024-01-08T00:00:00Z");
        assertThat(times("0 0 1 jan-mar/2 *", "2024-01-01T00:00:00Z", 2)).containsExactly("2024-03-01T00:00:00Z", "2025-01-01T00:00:00Z");
        assertThat(times("  0   12 *\t* * ", "2024-01-01T00:00:00Z", 1)).containsExactly("2024-01-01T12:00:00Z");
    }

    @Test
    void dayOfMonthAndDayOfWeekBothRestrictedMatchEither() {
        // as in cron (and robfig/cron): the 1st and 15th, plus every Friday
        assertThat(times("30 4 1,15 * 5", "2024-03-01T00:00:00Z", 4))
                .containsExactly("2024-03-01T04:30:00Z", "2024-03-08T04:30:00Z", "2024-03-15T04:30:00Z", "2024-03-22T04:30:00Z");
    }

    @Test
    void questionMarkIsAStarInTheDayFields() {
        assertThat(times("0 0 ? * *", "2024-01-01T00:00:00Z", 1)).containsExactly("2024-01-02T00:00:00Z");
        assertThat(times("0 0 * * ?", "2024-01-01T00:00:00Z", 1)).containsExactly("2024-01-02T00:00:00Z");
    }

    @ParameterizedTest
    @CsvSource({
            "@yearly,    2025-01-01T00:00:00Z",
            "@annually,  2025-01-01T00:00:00Z",
            "@monthly,   2024-06-01T00:00:00Z",
            "@weekly,    2024-05-19T00:00:00Z",
            "@daily,     2024-05-16T00:00:00Z",
            "@midnight,  2024-05-16T00:00:00Z",
            "@hourly,    2024-05-15T11:00:00Z"})
    void macros(String macro, String next) {
        // 2024-05-15 is a Wednesday
        assertThat(times(macro, "2024-05-15T10:20:00Z", 1)).containsExactly(next);
    }

    @Test
    void everyIsAFixedIntervalFromThePreviousTime() {
        assertThat(times("@every 90m", "2024-01-01T00:00:00.700Z", 2)).containsExactly("2024-01-01T01:30:00Z", "2024-01-01T03:00:00Z");
        assertThat(times("@every 1h0m30s", "2024-01-01T00:00:00Z", 1)).containsExactly("2024-01-01T01:00:30Z");
        assertThat(times("@every 500ms", "2024-01-01T00:00:00Z", 1)).containsExactly("2024-01-01T00:00:01Z");
        assertThat(GoDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDurations.parse("2m3.5s")).isEqualTo(Duration.ofMillis(123_500));
        assertThatThrownBy(() -> GoDurations.parse("5 minutes")).hasMessageContaining("invalid duration");
    }

    @Test
    void aTzPrefixNamesTheZone() {
        Schedule s = parser.parse("TZ=Europe/Paris 0 9 * * *", ZoneOffset.UTC);
        assertThat(s.next(Instant.parse("2024-01-01T00:00:00Z"))).contains(Instant.parse("2024-01-01T08:00:00Z"));
        Schedule c = parser.parse("CRON_TZ=America/New_York 0 9 * * *", ZoneOffset.UTC);
        assertThat(c.next(Instant.parse("2024-07-01T00:00:00Z"))).contains(Instant.parse("2024-07-01T13:00:00Z"));
        assertThatThrownBy(() -> parser.parse("TZ=Mars/Olympus 0 9 * * *", ZoneOffset.UTC)).hasMessageContaining("unknown time zone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "* * * *", "* * * * * *", "60 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 8",
            "5-1 * * * *", "a * * * *", "0 0 L * *", "0 0 * * 1#2", "@fortnightly", "@every soon"})
    void badSchedulesAreRefusedWithAReason(String schedule) {
        assertThatThrownBy(() -> parser.parse(schedule, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .message().isNotBlank();
    }

    @Test
    void zonesAreIanaNames() {
        assertThat(ScheduleParser.zone("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(ScheduleParser.zone("Etc/UTC")).isEqualTo(ZoneId.of("Etc/UTC"));
        assertThat(ScheduleParser.zone("")).isEqualTo(ZoneId.of("UTC"));
        for (String bad : List.of("Mars/Olympus", "+01:00", "UTC+1", "europe/berlin", "Local")) {
            assertThatThrownBy(() -> ScheduleParser.zone(bad)).as(bad).hasMessage("unknown time zone " + bad);
        }
    }
}
