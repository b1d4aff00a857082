package io.tugboat.controllers.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * client-go's UIDTrackingControllerExpectations: what a controller has asked the API for and not yet seen
 * through its informer. While a controller still expects creations or deletions, its informer view is known
 * to be behind its own writes, and acting on it again would create or delete twice. Creations are counted
 * (generated names are unknown in advance); deletions are tracked by pod key, so that the update that sets a
 * deletionTimestamp and the later delete event count once. An expectation older than the TTL is treated as
 * met, so a lost event costs a delay and never a stuck controller.
 */
public final class Expectations<K> {

    /** client-go's ExpectationsTimeout. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private record Pending(int creations, Set<String> deletions, Instant since) {
        boolean met() {
            return creations <= 0 && deletions.isEmpty();
        }
    }

    private final ConcurrentMap<K, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    public Expectations(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Whether the informer has caught up with everything the controller did for this key. */
    public boolean satisfied(K key) {
        Pending p = pending.get(key);
        if (p == null || p.met()) {
            return true;
        }
        return p.since().plus(ttl).isBefore(clock.instant());
    }

    public void expectCreations(K key, int count) {
        pending.compute(key, (k, p) -> new Pending(count, Set.of(), clock.instant()));
    }

    public void expectDeletions(K key, Collection<String> objectKeys) {
        pending.compute(key, (k, p) -> new Pending(0, Set.copyOf(objectKeys), clock.instant()));
    }

    /** An observed creation (or a creation that failed, so will never be observed). */
    public void creationObserved(K key) {
        pending.computeIfPresent(key, (k, p) -> new Pending(p.creations() - 1, p.deletions(), p.since()));
    }

    /** An observed deletion (or one that failed); counts once per object key however often it is reported. */
    public void deletionObserved(K key, String objectKey) {
        pending.computeIfPresent(key, (k, p) -> {
            if (!p.deletions().contains(objectKey)) {
                return p;
            }
            Set<String> rest = new HashSet<>(p.deletions());
            rest.remove(objectKey);
            return new Pending(p.creations(), Set.copyOf(rest), p.since());
        });
    }

    /** Forgets a key whose owner is gone. */
    public void delete(K key) {
        pending.remove(key);
    }
}
