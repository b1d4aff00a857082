package io.tugboat.client.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * One level-triggered step toward the desired state for a key. Throwing re-queues the key with back-off;
 * returning a delay re-queues it after that delay (e.g. to notice a deadline); empty means done.
 */
@FunctionalInterface
public interface Reconciler<K> {
    Optional<Duration> reconcile(K key) throws Exception;
}
