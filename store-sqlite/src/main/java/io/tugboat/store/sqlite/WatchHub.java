package io.tugboat.store.sqlite;

import io.tugboat.store.CompactedException;
import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.WatchListener;
import io.tugboat.store.support.WatchDelivery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where commits become visible: the published revision, the compacted revision and the watches.
 *
 * <p>The writer publishes each commit's events here right after the commit, under {@link #lock}; a watch
 * subscribes under the same lock and learns the revision published at that instant. Events after it
 * reach the watch live; the watch replays the rest from the table up to it. Neither a gap nor an overlap
 * is possible because no publish can fall between reading that revision and subscribing. No polling.
 */
final class WatchHub {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final int maxBacklog;
    private volatile long revision;
    private volatile long compacted;

    WatchHub(long revision, long compacted, int maxBacklog) {
        this.revision = revision;
        this.compacted = compacted;
        this.maxBacklog = maxBacklog;
    }

    /** The revision of the latest published commit. */
    long revision() {
        return revision;
    }

    long compacted() {
        return compacted;
    }

    /** Makes a commit visible: advances the revision and hands its events to the matching watches. */
    void publish(long newRevision, List<StoreEvent> events) {
        lock.lock();
        try {
            revision = newRevision;
            for (Subscription s : subscriptions) {
                for (StoreEvent event : events) {
                    if (event.key().startsWith(s.prefix) && !s.delivery.offer(event)) {
                        break; // the watch ended; it unsubscribes itself
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void compacted(long newCompacted) {
        compacted = newCompacted;
    }

    /**
     * Subscribes a watch to live events after the revision published now, which it returns as
     * {@link Subscribed#replayUpTo()}: the watch must replay (afterRevision, replayUpTo] itself.
     */
    Subscribed subscribe(String prefix, long afterRevision, WatchListener listener) {
        lock.lock();
        try {
            long compactedNow = compacted;
            if (afterRevision < compactedNow) {
                throw new CompactedException(afterRevision, compactedNow);
            }
            Subscription s = new Subscription(prefix);
            s.delivery = new WatchDelivery(prefix, afterRevision, maxBacklog, listener, () -> subscriptions.remove(s));
            subscriptions.add(s);
            return new Subscribed(s.delivery, revision);
        } finally {
            lock.unlock();
        }
    }

    /** Ends every watch with {@code error}. */
    void failAll(StoreException error) {
        for (Subscription s : subscriptions) {
            s.delivery.fail(error);
        }
    }

    record Subscribed(WatchDelivery delivery, long replayUpTo) {
    }

    private static final class Subscription {
        final String prefix;
        WatchDelivery delivery;

        Subscription(String prefix) {
            this.prefix = prefix;
        }
    }
}
