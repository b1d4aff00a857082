package io.tugboat.client.queue;

import java.time.Duration;

/** Exponential back-off: {@code initial * 2^(n-1)}, capped at {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** client-go's default per-item limiter: 5 ms doubling to 1000 s; ours caps at 5 min. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(5), Duration.ofMinutes(5));

    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 40);
        long millis = initial.toMillis() << shift;
        if (millis <= 0 || millis > max.toMillis()) {
            return max;
        }
        return Duration.ofMillis(millis);
    }
}
