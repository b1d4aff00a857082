package io.tugboat.controllers.support;

import io.tugboat.client.queue.QueueWorkers;
import io.tugboat.client.queue.Reconciler;
import io.tugboat.client.queue.WorkQueue;
import java.time.Duration;

/**
 * A work queue of keys and the workers that reconcile them: the part every controller has in common. The queue
 * takes keys from construction on, since informers deliver events before their controllers start; the workers,
 * and the reconciler they run, come with {@link #start}.
 */
public final class ControllerLoop<K> implements AutoCloseable {

    private final String name;
    private final WorkQueue<K> queue = WorkQueue.withDefaultBackoff();
    private final int workers;
    private QueueWorkers<K> running;

    public ControllerLoop(String name, int workers) {
        this.name = name;
        this.workers = workers;
    }

    public void enqueue(K key) {
        queue.add(key);
    }

    public void enqueueAfter(K key, Duration delay) {
        queue.addAfter(key, delay);
    }

    public synchronized void start(Reconciler<K> reconciler) {
        if (running == null) {
            running = new QueueWorkers<>(name, queue, reconciler).start(workers);
        }
    }

    /** For tests: waits until no key is queued or being reconciled. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return queue.awaitIdle(timeout);
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
        } else {
            queue.shutDown();
        }
    }
}
