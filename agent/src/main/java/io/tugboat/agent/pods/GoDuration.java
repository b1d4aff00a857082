package io.tugboat.agent.pods;

import java.time.Duration;

/** Go's time.Duration text, as kubelet messages show it: 10s, 1m20s, 5m0s. */
final class GoDuration {

    private GoDuration() {
    }

    static String format(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + (seconds % 60) + "s";
        }
        return (minutes / 60) + "h" + (minutes % 60) + "m" + (seconds % 60) + "s";
    }
}
