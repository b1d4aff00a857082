package io.tugboat.controllers.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void creationsAreMetWhenAllAreObserved() {
        Expectations<String> e = new Expectations<>(Clock.systemUTC(), Duration.ofMinutes(5));
        assertThat(e.satisfied("rs")).isTrue();
        e.expectCreations("rs", 2);
        assertThat(e.satisfied("rs")).isFalse();
        e.creationObserved("rs");
        assertThat(e.satisfied("rs")).isFalse();
        e.creationObserved("rs");
        assertThat(e.satisfied("rs")).isTrue();
    }

    @Test
    void aDeletionCountsOnceHoweverOftenItIsSeen() {
        Expectations<String> e = new Expectations<>(Clock.systemUTC(), Duration.ofMinutes(5));
        e.expectDeletions("rs", List.of("ns/a", "ns/b"));
        e.deletionObserved("rs", "ns/a");
        e.deletionObserved("rs", "ns/a");
        assertThat(e.satisfied("rs")).isFalse();
        e.deletionObserved("rs", "ns/b");
        assertThat(e.satisfied("rs")).isTrue();
    }

    @Test
    void anExpectationNeverMetExpires() {
        MutableClock clock = new MutableClock();
        Expectations<String> e = new Expectations<>(clock, Duration.ofMinutes(5));
        e.expectCreations("rs", 1);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(e.satisfied("rs")).isTrue();
    }
}
