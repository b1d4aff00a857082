package io.tugboat.controllers.support;

import io.tugboat.client.queue.Reconciler;
import java.time.Duration;
import java.util.Optional;

/**
 * A controller that is one {@link ControllerLoop} and its reconcile, as most are: its handlers feed the loop from
 * construction on, {@link #start} runs the workers over {@link #reconcile}, {@link #close} stops them. A subclass
 * registers its handlers in its constructor and writes the reconcile.
 */
public abstract class LoopController<K> implements Controller {

    private final String name;
    private final ControllerLoop<K> loop;

    /** @param name the controller's name, also its workers' thread names */
    protected LoopController(String name, int workers) {
        this.name = name;
        this.loop = new ControllerLoop<>(name, workers);
    }

    /** One level-triggered step toward the desired state for a key, as {@link Reconciler#reconcile}. */
    protected abstract Optional<Duration> reconcile(K key) throws Exception;

    /** The loop this controller's handlers enqueue into. */
    protected final ControllerLoop<K> loop() {
        return loop;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void start() {
        loop.start(this::reconcile);
    }

    @Override
    public void close() {
        loop.close();
    }
}
