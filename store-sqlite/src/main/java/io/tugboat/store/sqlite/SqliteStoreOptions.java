package io.tugboat.store.sqlite;

import java.time.Duration;

/**
 * Tuning of a {@link SqliteStore}; {@link #defaults()} suits the API server.
 *
 * @param readConnections how many connections serve reads (the one writer has its own)
 * @param maxBatch        how many queued writes one transaction (one fsync) may carry
 * @param maxWatchBacklog how many events a watch may fall behind before it is ended with onError
 * @param compactionStep  how many revisions one compaction transaction covers, so that writes
 *                        interleave with a long compaction instead of waiting for all of it
 * @param readerWait      how long a read waits for a free connection before the store reports itself
 *                        unavailable
 */
public record SqliteStoreOptions(int readConnections, int maxBatch, int maxWatchBacklog, int compactionStep,
                                 Duration readerWait) {

    public SqliteStoreOptions {
        positive("readConnections", readConnections);
        positive("maxBatch", maxBatch);
        positive("maxWatchBacklog", maxWatchBacklog);
        positive("compactionStep", compactionStep);
        if (readerWait == null || readerWait.isNegative() || readerWait.isZero()) {
            throw new IllegalArgumentException("readerWait must be positive: " + readerWait);
        }
    }

    public static SqliteStoreOptions defaults() {
        return new SqliteStoreOptions(4, 512, 100_000, 10_000, Duration.ofSeconds(30));
    }

    public SqliteStoreOptions withMaxWatchBacklog(int events) {
        return new SqliteStoreOptions(readConnections, maxBatch, events, compactionStep, readerWait);
    }

    public SqliteStoreOptions withCompactionStep(int revisions) {
        return new SqliteStoreOptions(readConnections, maxBatch, maxWatchBacklog, revisions, readerWait);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
