package io.tugboat.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of the control plane (the controllers, the scheduler) only while this server holds its Lease
 * in kube-system, as kube-controller-manager and kube-scheduler do: several servers campaign, exactly one acts;
 * one that loses the Lease stops its piece and campaigns again; closing releases the Lease so that another
 * server takes over at once.
 */
public final class LeaderElected implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderElected.class);

    public static final String LEASE_NAMESPACE = "kube-system";
    /** kube's defaults: lease 15 s, renew deadline 10 s, retry every 2 s. */
    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final String leaseName;
    private final String identity;
    private final Callable<AutoCloseable> starter;
    private final ExecutorService electionThreads;
    private AutoCloseable running;
    private CompletableFuture<?> election;
    private boolean closed;

    private LeaderElected(KubernetesClient client, String leaseName, String identity, Callable<AutoCloseable> starter,
            boolean elected) {
        this.client = client;
        this.leaseName = leaseName;
        this.identity = identity;
        this.starter = starter;
        this.electionThreads = elected
                ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(leaseName + "-election-", 0).factory()) : null;
    }

    /** Starts the piece now, without election: returns once {@code starter} has. */
    public static LeaderElected always(KubernetesClient client, String leaseName, Callable<AutoCloseable> starter) {
        LeaderElected runner = new LeaderElected(client, leaseName, "standalone", starter, false);
        runner.startPiece();
        return runner;
    }

    /** Campaigns for the Lease {@code leaseName} as {@code identity} (unique per server); {@code starter} runs while held. */
    public static LeaderElected campaign(KubernetesClient client, String leaseName, String identity, Callable<AutoCloseable> starter) {
        LeaderElected runner = new LeaderElected(client, leaseName, identity, starter, true);
        runner.campaign();
        return runner;
    }

    /** Whether the piece runs here now. */
    public synchronized boolean isLeading() {
        return running != null;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderElector elector = new LeaderElectorBuilder(client, electionThreads).withConfig(new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(LEASE_NAMESPACE, leaseName, identity))
                .withLeaseDuration(LEASE_DURATION)
                .withRenewDeadline(RENEW_DEADLINE)
                .withRetryPeriod(RETRY_PERIOD)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        // not on the elector's thread: syncing caches must not delay renewing the lease
                        () -> Thread.ofVirtual().name(leaseName + "-start").start(this::startLogged),
                        this::lostLease,
                        leader -> {
                            if (leader != null) {
                                log.info("{} leader is {}", leaseName, leader);
                            }
                        }))
                .build()).build();
        election = elector.start();
    }

    private void lostLease() {
        synchronized (this) {
            if (!closed) {
                log.warn("{} lost the {} lease; stopping", identity, leaseName);
            }
        }
        stopPiece();
        synchronized (this) {
            if (!closed) {
                // campaign again from a fresh thread, once the old elector's future has completed
                Thread.ofVirtual().name(leaseName + "-election-again").start(this::campaign);
            }
        }
    }

    private void startLogged() {
        try {
            startPiece();
        } catch (RuntimeException e) {
            log.error("{} holds the {} lease but could not start", identity, leaseName, e);
        }
    }

    private synchronized void startPiece() {
        if (closed || running != null) {
            return;
        }
        try {
            running = starter.call();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(leaseName + " could not start: " + e, e);
        }
    }

    private synchronized void stopPiece() {
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly", leaseName, e);
            }
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
        stopPiece();
        if (electionThreads != null) {
            electionThreads.shutdownNow();
        }
    }
}
