package io.tugboat.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.client.queue.Backoff;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private final RestartBackoff backoff = new RestartBackoff(PodSyncerConfig.KUBELET_BACKOFF);
    private final Instant t0 = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void theFirstRestartIsImmediateThenTheWaitDoublesFromTenSecondsToFiveMinutes() {
        assertThat(backoff.remaining("c", t0, Duration.ofSeconds(1))).isZero();
        backoff.started("c", t0);
        assertThat(backoff.remaining("c", t0.plusSeconds(1), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(9));
        backoff.started("c", t0.plusSeconds(10));
        assertThat(backoff.currentDelay("c")).isEqualTo(Duration.ofSeconds(20));
        for (int i = 0; i < 10; i++) {
            backoff.started("c", t0.plusSeconds(100));
        }
        assertThat(backoff.currentDelay("c")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aContainerThatRanTenMinutesStartsTheCountAgain() {
        backoff.started("c", t0);
        backoff.started("c", t0.plusSeconds(10));
        assertThat(backoff.remaining("c", t0.plusSeconds(11), Duration.ofMinutes(10))).isZero();
        backoff.started("c", t0.plusSeconds(11));
        assertThat(backoff.currentDelay("c")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void containersBackOffIndependently() {
        RestartBackoff fast = new RestartBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        fast.started("a", t0);
        assertThat(fast.remaining("b", t0, Duration.ZERO)).isZero();
    }
}
