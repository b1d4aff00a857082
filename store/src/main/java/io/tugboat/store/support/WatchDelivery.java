package io.tugboat.store.support;

import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch's delivery to its listener, on a virtual thread of its own. Engines hand events to
 * {@link #offer} from their commit path or network event loop, which therefore never waits on a
 * listener; a listener that falls more than {@code maxBacklog} events behind is ended with
 * {@link WatchListener#onError} instead of making the engine buffer without bound.
 *
 * <p>History is replayed first, on the delivery thread, by the {@link Replay} given to {@link #start};
 * live events offered meanwhile wait in the queue and follow it. Engines make the two meet without a gap
 * or an overlap; this class only drops events at or before {@code afterRevision}.
 *
 * <p>Guarantees to the listener: one call at a time, at most one {@code onError} and nothing after it,
 * and nothing after {@link #close} returns.
 */
public final class WatchDelivery implements Watch {
    private static final Logger log = LoggerFactory.getLogger(WatchDelivery.class);
    /** How long close waits for a listener call in progress; listeners must not block, so this is generous. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final Object WAKE = new Object();

    /** Replays committed history into the sink, in revision order, before live events are delivered. */
    @FunctionalInterface
    public interface Replay {
        void replay(Sink sink) throws Exception;
    }

    /** Where replayed events go. */
    @FunctionalInterface
    public interface Sink {
        /** Delivers the event; false once the watch has ended, when the replay should stop. */
        boolean accept(StoreEvent event);
    }

    private final String name;
    private final long afterRevision;
    private final int maxBacklog;
    private final WatchListener listener;
    private final Runnable onEnd;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Held around every listener call, so that close can wait for the one in progress. */
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private volatile boolean closed;
    private volatile boolean errorDelivered;

    /**
     * @param name          for the thread name and log lines, e.g. the watched prefix
     * @param afterRevision events at or before it are dropped
     * @param maxBacklog    how many live events may wait for the listener before the watch is failed
     * @param listener      the caller's listener
     * @param onEnd         run once when the watch ends for any reason (e.g. to unregister it)
     */
    public WatchDelivery(String name, long afterRevision, int maxBacklog, WatchListener listener, Runnable onEnd) {
        if (maxBacklog <= 0) {
            throw new IllegalArgumentException("maxBacklog must be positive: " + maxBacklog);
        }
        this.name = name;
        this.afterRevision = afterRevision;
        this.maxBacklog = maxBacklog;
        this.listener = listener;
        this.onEnd = onEnd;
    }

    /** Starts the delivery thread: {@code replay} (may be null) first, then the queued live events. */
    public void start(Replay replay) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("watch already started");
        }
        Thread.ofVirtual().name("tugboat-watch " + name).start(() -> run(replay));
    }

    /**
     * Queues a live event without blocking. Returns false if the watch has ended (the engine may forget
     * it); overflowing the backlog ends the watch.
     */
    public boolean offer(StoreEvent event) {
        if (isEnded()) {
            return false;
        }
        if (event.revision() <= afterRevision) {
            return true;
        }
        if (backlog.incrementAndGet() > maxBacklog) {
            fail(new StoreException("watch on " + name + " fell more than " + maxBacklog + " events behind"));
            return false;
        }
        queue.add(event);
        return true;
    }

    /** Ends the watch: the listener gets {@code error} through onError (unless closed first), no event after it. */
    public void fail(StoreException error) {
        if (failure.compareAndSet(null, error)) {
            queue.add(WAKE);
        }
    }

    /** True once the watch was closed or failed. */
    public boolean isEnded() {
        return closed || failure.get() != null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(WAKE);
        end();
        if (deliveryLock.isHeldByCurrentThread()) {
            return; // closed by the listener from inside a callback: nothing else is in progress
        }
        try {
            if (deliveryLock.tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                deliveryLock.unlock();
            } else {
                log.warn("watch {}: listener still busy {} after close; it will get no further event", name, CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Replay replay) {
        try {
            if (replay != null) {
                replay.replay(this::deliver);
            }
            while (!closed) {
                StoreException error = failure.get();
                if (error != null) {
                    deliverError(error);
                    return;
                }
                Object item = queue.take();
                if (item instanceof StoreEvent event) {
                    backlog.decrementAndGet();
                    deliver(event);
                }
            }
        } catch (StoreException e) {
            deliverError(e);
        } catch (InterruptedException e) {
            deliverError(new StoreException("watch on " + name + " interrupted"));
        } catch (Exception e) {
            deliverError(new StoreException("watch on " + name + " failed: " + e.getMessage(), e));
        } finally {
            end();
        }
    }

    private boolean deliver(StoreEvent event) {
        if (event.revision() <= afterRevision) {
            return !isEnded();
        }
        deliveryLock.lock();
        try {
            if (isEnded()) {
                return false;
            }
            listener.onEvent(event);
            return true;
        } catch (RuntimeException e) {
            log.warn("watch {}: listener failed on {}; ending the watch", name, event, e);
            fail(new StoreException("watch listener failed: " + e, e));
            return false;
        } finally {
            deliveryLock.unlock();
        }
    }

    private void deliverError(StoreException error) {
        deliveryLock.lock();
        try {
            if (closed || errorDelivered) {
                return;
            }
            errorDelivered = true;
            failure.compareAndSet(null, error);
            listener.onError(error);
        } catch (RuntimeException e) {
            log.warn("watch {}: listener failed in onError", name, e);
        } finally {
            deliveryLock.unlock();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    @Override
    public String toString() {
        return "WatchDelivery[" + name + " after " + afterRevision + (isEnded() ? " ended" : "") + "]";
    }
}
