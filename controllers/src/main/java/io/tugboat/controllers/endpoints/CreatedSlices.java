package io.tugboat.controllers.endpoints;

import io.tugboat.controllers.support.ObjectKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The slices this controller created that its informer has not shown yet. Slices have generated names, so a
 * sync that ran on a cache without them would create them again; until they appear the service waits (kube's
 * EndpointSliceTracker does this for its stale-cache check). Updates and deletes need no such guard: they carry
 * a resourceVersion or a name, so a stale view of them is a conflict or a 404, never a duplicate. A creation not
 * seen within the TTL (the slice was deleted before the informer listed it) stops counting.
 */
final class CreatedSlices {

    private record Created(String name, Instant at) {
    }

    private final Map<ObjectKey, List<Created>> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    CreatedSlices(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    void created(ObjectKey service, String name) {
        Created c = new Created(name, clock.instant());
        pending.merge(service, List.of(c), (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
    }

    /** Whether the cache holds every slice created for the service; forgets those it holds. */
    boolean allSeen(ObjectKey service, Predicate<String> inCache) {
        Instant expired = clock.instant().minus(ttl);
        List<Created> left = pending.computeIfPresent(service, (k, list) -> {
            List<Created> rest = list.stream().filter(c -> !inCache.test(c.name()) && c.at().isAfter(expired)).toList();
            return rest.isEmpty() ? null : rest;
        });
        return left == null;
    }

    void forget(ObjectKey service) {
        pending.remove(service);
    }
}
