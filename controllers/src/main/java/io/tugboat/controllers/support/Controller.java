package io.tugboat.controllers.support;

/**
 * A controller's life: it registers its handlers on shared informers when constructed (starting nothing),
 * {@link #start} runs its workers once the caches are synced, {@link #close} stops them.
 */
public interface Controller extends AutoCloseable {

    String name();

    /** Starts the workers; the informers this controller reads are synced. */
    void start() throws Exception;

    @Override
    void close();
}
