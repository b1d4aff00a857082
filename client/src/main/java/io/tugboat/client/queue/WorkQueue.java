package io.tugboat.client.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's work queue: a key waits at most once however often it is added, a key being processed is
 * never handed to a second worker (an add during processing re-queues it when {@link #done} is called),
 * delayed adds, and per-key exponential back-off for failures until {@link #forget}.
 */
public final class WorkQueue<K> {

    private record Delayed<K>(Instant due, long sequence, K key) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final PriorityQueue<Delayed<K>> waiting = new PriorityQueue<>(
            (a, b) -> a.due().equals(b.due()) ? Long.compare(a.sequence(), b.sequence()) : a.due().compareTo(b.due()));
    private final Map<K, Delayed<K>> waitingByKey = new HashMap<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final Backoff backoff;
    private final Clock clock;
    private long sequence;
    private boolean shutDown;

    public WorkQueue(Backoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    public static <K> WorkQueue<K> withDefaultBackoff() {
        return new WorkQueue<>(Backoff.DEFAULT, Clock.systemUTC());
    }

    public void add(K key) {
        lock.lock();
        try {
            if (shutDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                ready.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shutDown) {
                return;
            }
            Instant due = clock.instant().plus(delay);
            Delayed<K> existing = waitingByKey.get(key);
            if (existing != null) {
                // like client-go's delaying queue: one pending delayed add per key, the earliest wins
                if (!existing.due().isAfter(due)) {
                    return;
                }
                waiting.remove(existing);
            }
            Delayed<K> entry = new Delayed<>(due, sequence++, key);
            waiting.add(entry);
            waitingByKey.put(key, entry);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Re-adds a key after its next back-off step: 5 ms doubling up to the policy's maximum by default. */
    public void addRateLimited(K key) {
        int n;
        lock.lock();
        try {
            n = failures.merge(key, 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        addAfter(key, backoff.delay(n));
    }

    /** Clears a key's failure count (call after a successful reconcile). */
    public void forget(K key) {
        lock.lock();
        try {
            failures.remove(key);
        } finally {
            lock.unlock();
        }
    }

    public int failures(K key) {
        lock.lock();
        try {
            return failures.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    /** The next key to process, waiting for one; empty once the queue is shut down. */
    public Optional<K> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                promoteDue();
                if (!ready.isEmpty()) {
                    K key = ready.pollFirst();
                    dirty.remove(key);
                    processing.add(key);
                    return Optional.of(key);
                }
                if (shutDown) {
                    return Optional.empty();
                }
                Delayed<K> next = waiting.peek();
                if (next == null) {
                    changed.await();
                } else {
                    long nanos = Duration.between(clock.instant(), next.due()).toNanos();
                    if (nanos > 0) {
                        changed.awaitNanos(nanos);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Marks a key taken by {@link #take} as finished; if it was added meanwhile it becomes ready again. */
    public void done(K key) {
        lock.lock();
        try {
            processing.remove(key);
            if (dirty.contains(key)) {
                ready.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    public int length() {
        lock.lock();
        try {
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting worker; keys already taken can still be marked done. */
    public void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            ready.clear();
            waiting.clear();
            waitingByKey.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void promoteDue() {
        Instant now = clock.instant();
        while (!waiting.isEmpty() && !waiting.peek().due().isAfter(now)) {
            K key = waiting.poll().key();
            waitingByKey.remove(key);
            if (dirty.add(key) && !processing.contains(key)) {
                ready.addLast(key);
            }
        }
    }

    /** Waits until nothing is ready, waiting or being processed, at most {@code timeout}; for tests and shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            lock.lock();
            try {
                if (ready.isEmpty() && waiting.isEmpty() && processing.isEmpty()) {
                    return true;
                }
            } finally {
                lock.unlock();
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return false;
    }
}
