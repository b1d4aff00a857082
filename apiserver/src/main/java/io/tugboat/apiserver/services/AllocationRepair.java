package io.tugboat.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings claims and Services back into agreement after a crash between claiming and storing (a leaked
 * claim) or a store restored from elsewhere (a Service whose address has no claim), as kube-apiserver's
 * repair controllers do: at start and every three minutes. A claim is released only once it is older than
 * {@link #GRACE}, so that a create still in flight on another server keeps what it claimed.
 */
public final class AllocationRepair implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationRepair.class);
    static final Duration GRACE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofMinutes(3);

    private final ObjectRegistry registry;
    private final ResourceType services;
    private final ServiceAllocations allocations;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public AllocationRepair(ObjectRegistry registry, ResourceType services, ServiceAllocations allocations, Clock clock) {
        this.registry = registry;
        this.services = services;
        this.allocations = allocations;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("allocation-repair").factory());
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::runOnce, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every Service and claim. */
    public void runOnce() {
        try {
            Map<String, ObjectNode> byName = new HashMap<>();
            for (ObjectNode svc : registry.list(services, null, ListOptions.ALL).items()) {
                byName.put(ClaimOwner.of(svc).toString(), svc);
            }
            repair(allocations.ipClaims(), byName, spec -> {
                String ip = spec.path("clusterIP").asText("");
                return ip.isEmpty() || ip.equals("None") ? Set.of() : Set.of(ip);
            });
            repair(allocations.portClaims(), byName, spec -> ServiceAllocations.nodePortsOf(spec).stream()
                    .map(String::valueOf).collect(Collectors.toSet()));
        } catch (StoreException | StatusException e) {
            LOG.warn("service allocation repair failed, will try again in {}: {}", INTERVAL, e.getMessage());
        }
    }

    private void repair(ClaimBook book, Map<String, ObjectNode> services,
            Function<JsonNode, Set<String>> itemsOf) {
        Map<String, Claim> claims = new HashMap<>();
        for (Claim claim : book.all()) {
            claims.put(claim.item(), claim);
            Optional<ObjectNode> owner = Optional.ofNullable(services.get(claim.owner().toString()))
                    .filter(svc -> ClaimOwner.of(svc).uid().equals(claim.owner().uid()))
                    .filter(svc -> itemsOf.apply(svc.path("spec")).contains(claim.item()));
            if (owner.isEmpty() && claim.claimedAt().plus(GRACE).isBefore(clock.instant())) {
                book.release(claim.item(), claim.owner());
                LOG.info("released {} {}, which no Service holds any more (claimed by {})", book.kind(), claim.item(), claim.owner());
            }
        }
        for (ObjectNode svc : services.values()) {
            ClaimOwner owner = ClaimOwner.of(svc);
            for (String item : itemsOf.apply(svc.path("spec"))) {
                Claim claim = claims.get(item);
                if (claim == null) {
                    if (book.claim(item, owner)) {
                        LOG.warn("Service {} held {} {} without a claim; claimed it now", owner, book.kind(), item);
                    }
                } else if (!claim.owner().uid().equals(owner.uid())) {
                    LOG.error("{} {} is held by Service {} but claimed by {}: delete and re-create one of them",
                            book.kind(), item, owner, claim.owner());
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
