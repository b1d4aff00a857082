package io.tugboat.store;

/**
 * Receives a watch's events in revision order, from one thread at a time. Must not block for long:
 * a slow listener delays the watch (engines may end a watch whose listener falls too far behind,
 * through {@link #onError}).
 */
public interface WatchListener {

    void onEvent(StoreEvent event);

    /**
     * The watch ended abnormally: the store closed, the engine lost the stream, the revision was
     * compacted away ({@link CompactedException}) or the listener fell too far behind. No event follows.
     */
    void onError(StoreException error);
}
