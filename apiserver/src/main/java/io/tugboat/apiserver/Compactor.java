package io.tugboat.apiserver;

import io.tugboat.store.Store;
import io.tugboat.store.StoreException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops store history older than one interval, as kube-apiserver does every five minutes: each tick
 * compacts up to the revision seen at the previous tick, so watchers and paged lists always have at least
 * one interval of history to resume from, and the store does not grow without bound.
 */
final class Compactor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Store store;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private long previousTickRevision;

    Compactor(Store store, Duration interval) {
        this.store = store;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("compactor").factory());
    }

    void start() {
        previousTickRevision = store.currentRevision();
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long target = previousTickRevision;
            previousTickRevision = store.currentRevision();
            if (target > store.compactedRevision()) {
                store.compact(target);
                LOG.debug("compacted the store up to revision {}", target);
            }
        } catch (StoreException e) {
            LOG.warn("compaction failed, will try again in {}: {}", interval, e.getMessage());
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
