package io.tugboat.client.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a reconciler over a work queue with a fixed number of virtual-thread workers. */
public final class QueueWorkers<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueWorkers.class);

    private final String name;
    private final WorkQueue<K> queue;
    private final Reconciler<K> reconciler;
    private final List<Thread> workers = new ArrayList<>();

    public QueueWorkers(String name, WorkQueue<K> queue, Reconciler<K> reconciler) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
    }

    public QueueWorkers<K> start(int count) {
        for (int i = 0; i < count; i++) {
            workers.add(Thread.ofVirtual().name(name + "-" + i).start(this::work));
        }
        return this;
    }

    private void work() {
        try {
            while (true) {
                Optional<K> next = queue.take();
                if (next.isEmpty()) {
                    return;
                }
                K key = next.get();
                try {
                    Optional<Duration> again = reconciler.reconcile(key);
                    queue.forget(key);
                    again.ifPresent(delay -> queue.addAfter(key, delay));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    int failures = queue.failures(key);
                    if (failures < 3) {
                        log.debug("{}: {} failed, retrying: {}", name, key, e.toString());
                    } else {
                        log.warn("{}: {} failed {} times, retrying with back-off: {}", name, key, failures + 1, e.toString());
                    }
                    queue.addRateLimited(key);
                } finally {
                    queue.done(key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        queue.shutDown();
        for (Thread worker : workers) {
            try {
                if (!worker.join(Duration.ofSeconds(10))) {
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
