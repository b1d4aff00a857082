package io.tugboat.controllers.nodelifecycle;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this controller last saw each node's Lease change, on its own clock (kube's probeTimestamp): the lease's
 * renewTime is the agent's clock, which may be skewed, so only the fact that it changed is trusted. A node first seen
 * counts as just heard from, so a restarted controller grants every node a full grace period.
 */
final class LeaseClock {

    private record Seen(String renewal, Instant at) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** Records the lease's current renewal marker (renewTime, or resourceVersion) and returns when it last changed. */
    Instant observe(String node, String renewal, Instant now) {
        return seen.compute(node, (n, prev) -> prev != null && Objects.equals(prev.renewal(), renewal) ? prev : new Seen(renewal, now)).at();
    }

    void forget(String node) {
        seen.remove(node);
    }
}
