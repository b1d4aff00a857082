package io.tugboat.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A watch listener for tests: records events and the error, lets a test wait (bounded) for them, and
 * notices if the engine ever calls it from two threads at once or after onError.
 */
public final class RecordingListener implements WatchListener {
    private final List<StoreEvent> events = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();
    private StoreException error;

    @Override
    public void onEvent(StoreEvent event) {
        enter();
        try {
            synchronized (this) {
                if (error != null) {
                    violations.add("event after onError: " + event);
                }
                events.add(event);
                notifyAll();
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void onError(StoreException e) {
        enter();
        try {
            synchronized (this) {
                if (error != null) {
                    violations.add("second onError: " + e);
                }
                error = e;
                notifyAll();
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void enter() {
        if (inFlight.incrementAndGet() != 1) {
            synchronized (this) {
                violations.add("listener called concurrently");
            }
        }
    }

    /** Waits until an event at or beyond {@code revision} arrived; returns all events so far. */
    public synchronized List<StoreEvent> awaitRevision(long revision, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.isEmpty() || events.getLast().revision() < revision) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no event at revision " + revision + " within " + timeout + "; got " + events
                        + (error == null ? "" : ", error " + error));
            }
            if (error != null) {
                throw new AssertionError("watch failed before revision " + revision + ": " + error, error);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(events);
    }

    /** Waits until {@code count} events arrived; returns all events so far. */
    public synchronized List<StoreEvent> awaitCount(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + events.size() + " of " + count + " events within " + timeout + ": "
                        + events + (error == null ? "" : ", error " + error));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(events);
    }

    /** Waits for onError. */
    public synchronized StoreException awaitError(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (error == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no onError within " + timeout + "; events " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return error;
    }

    public synchronized List<StoreEvent> events() {
        return List.copyOf(events);
    }

    public synchronized StoreException error() {
        return error;
    }

    /** Contract breaches seen so far (concurrent calls, calls after onError); empty when all is well. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
