package io.tugboat.apiserver.tables;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code kubectl get pods} says about one pod.
 *
 * @param ready       containers ready, counting started sidecars (restartable init containers)
 * @param total       app containers plus sidecars
 * @param reason      the STATUS cell: phase, or the most telling container reason
 * @param restarts    restarts of the containers that decide the status
 * @param lastRestart when the most recent of those containers last terminated, if known
 */
record PodSummary(long ready, long total, String reason, long restarts, Optional<Instant> lastRestart) {
}
