package io.tugboat.agent.pods;

import io.tugboat.client.queue.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The kubelet's crash-loop back-off for one pod: the first restart is at once, each later one waits
 * 10 s doubling to 5 min counted from the previous start; a container that ran for ten minutes starts
 * the count again.
 */
final class RestartBackoff {

    static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private final Backoff backoff;
    private final Map<String, Integer> steps = new HashMap<>();
    private final Map<String, Instant> until = new HashMap<>();

    RestartBackoff(Backoff backoff) {
        this.backoff = backoff;
    }

    /** How long the container must still wait; zero means it may start now. */
    Duration remaining(String container, Instant now, Duration lastRun) {
        if (lastRun.compareTo(RESET_AFTER) >= 0) {
            steps.remove(container);
            until.remove(container);
        }
        Instant due = until.get(container);
        return due == null || !due.isAfter(now) ? Duration.ZERO : Duration.between(now, due);
    }

    /** Records a start, and how long the next restart of it will wait. */
    void started(String container, Instant now) {
        int n = steps.merge(container, 1, Integer::sum);
        until.put(container, now.plus(backoff.delay(n)));
    }

    /** The delay the current wait was computed with, for the CrashLoopBackOff message. */
    Duration currentDelay(String container) {
        return backoff.delay(steps.getOrDefault(container, 1));
    }
}
