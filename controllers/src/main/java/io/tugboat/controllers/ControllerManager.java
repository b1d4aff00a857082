package io.tugboat.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller manager: ReplicaSet, Deployment, ServiceAccount controllers and the garbage collector, all
 * reaching the cluster only through the given client. With leader election, several managers may run and
 * only the holder of the Lease {@code kube-system/tugboat-controller-manager} acts; one that loses the Lease
 * stops its controllers and campaigns again. The caller owns the client and closes it after this manager.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

    public static final String LEASE_NAMESPACE = "kube-system";
    public static final String LEASE_NAME = "tugboat-controller-manager";
    /** kube-controller-manager's defaults: lease 15 s, renew deadline 10 s, retry every 2 s. */
    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String identity;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService electionThreads;
    private ControllerSet running;
    private CompletableFuture<?> election;
    private boolean closed;

    private ControllerManager(KubernetesClient client, String identity, boolean elected) {
        this.client = client;
        this.identity = identity;
        this.electionThreads = elected ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("leader-election-", 0).factory()) : null;
    }

    /** Starts every controller now (no election): returns once their caches are synced and their workers run. */
    public static ControllerManager start(KubernetesClient client) {
        ControllerManager manager = new ControllerManager(client, "standalone", false);
        manager.startControllers();
        return manager;
    }

    /** Campaigns for the Lease as {@code identity} (unique per server) and runs the controllers while holding it. */
    public static ControllerManager startWithLeaderElection(KubernetesClient client, String identity) {
        ControllerManager manager = new ControllerManager(client, identity, true);
        manager.campaign();
        return manager;
    }

    /** Whether this manager's controllers are running (always, without election, until closed). */
    public synchronized boolean isLeading() {
        return running != null;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderElector elector = new LeaderElectorBuilder(client, electionThreads).withConfig(new LeaderElectionConfigBuilder()
                .withName(LEASE_NAME)
                .withLock(new LeaseLock(LEASE_NAMESPACE, LEASE_NAME, identity))
                .withLeaseDuration(LEASE_DURATION)
                .withRenewDeadline(RENEW_DEADLINE)
                .withRetryPeriod(RETRY_PERIOD)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        // not on the elector's thread: syncing caches must not delay renewing the lease
                        () -> Thread.ofVirtual().name("controllers-start").start(this::startControllersLogged),
                        this::lostLease,
                        leader -> {
                            if (leader != null) {
                                log.info("controller manager leader is {}", leader);
                            }
                        }))
                .build()).build();
        election = elector.start();
    }

    private void lostLease() {
        synchronized (this) {
            if (!closed) {
                log.warn("{} lost the controller manager lease; stopping controllers", identity);
            }
        }
        stopControllers();
        synchronized (this) {
            if (!closed) {
                // campaign again from a fresh thread, once the old elector's future has completed
                Thread.ofVirtual().name("leader-election-again").start(this::campaign);
            }
        }
    }

    private void startControllersLogged() {
        try {
            startControllers();
        } catch (RuntimeException e) {
            log.error("{} holds the lease but its controllers could not start", identity, e);
        }
    }

    private synchronized void startControllers() {
        if (closed || running != null) {
            return;
        }
        ControllerSet set = new ControllerSet(client, clock);
        try {
            set.start();
        } catch (Exception e) {
            set.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("controllers could not start: " + e, e);
        }
        running = set;
    }

    private synchronized void stopControllers() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public void close() {
        CompletableFuture<?> e;
        synchronized (this) {
            closed = true;
            e = election;
        }
        if (e != null) {
            e.cancel(true); // releases the lease (releaseOnCancel) so another server takes over at once
        }
        stopControllers();
        if (electionThreads != null) {
            electionThreads.shutdownNow();
        }
    }
}
