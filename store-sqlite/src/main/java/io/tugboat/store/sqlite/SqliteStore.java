package io.tugboat.store.sqlite;

import io.tugboat.store.CompactedException;
import io.tugboat.store.FutureRevisionException;
import io.tugboat.store.KeyValue;
import io.tugboat.store.ListResult;
import io.tugboat.store.Store;
import io.tugboat.store.support.StoreGuards;
import io.tugboat.store.StoreException;
import io.tugboat.store.StoreUnavailableException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import io.tugboat.store.support.WatchDelivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one SQLite file in WAL mode, history kept kine's way in one table (see
 * {@link Schema}).
 *
 * <p>Writes go through the single {@link Writer} thread, which batches concurrent writers into one
 * durable commit; reads use a small {@link ReaderPool} and never wait for writes. Watches are fed by the
 * commit itself through the {@link WatchHub}: nothing polls the table.
 */
public final class SqliteStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
    /** Rows read per round trip when a watch replays history. */
    private static final int REPLAY_PAGE = 500;

    private final Path file;
    private final ProcessLock processLock;
    private final WatchHub hub;
    private final Writer writer;
    private final ReaderPool readers;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SqliteStore(Path file) {
        this(file, SqliteStoreOptions.defaults());
    }

    public SqliteStore(Path file, SqliteStoreOptions options) {
        this.file = file.toAbsolutePath();
        createParent(this.file);
        this.processLock = ProcessLock.acquire(this.file);
        Connection writeConnection = null;
        ReaderPool readPool = null;
        try {
            writeConnection = Schema.open(this.file, false);
            Schema.create(writeConnection);
            long revision = Schema.currentRevision(writeConnection);
            long compacted = Schema.compactedRevision(writeConnection);
            this.hub = new WatchHub(revision, compacted, options.maxWatchBacklog());
            readPool = new ReaderPool(this.file, options.readConnections(), options.readerWait());
            this.writer = new Writer(writeConnection, hub, options.maxBatch(), options.compactionStep());
            this.readers = readPool;
            log.info("opened sqlite store {} at revision {} (compacted {})", this.file, revision, compacted);
        } catch (SQLException | RuntimeException e) {
            if (readPool != null) {
                readPool.close();
            }
            closeQuietly(writeConnection);
            processLock.close();
            throw e instanceof StoreException se ? se
                    : new StoreUnavailableException("cannot open sqlite store " + this.file + ": " + e.getMessage(), e);
        }
        writer.start();
    }

    public Path file() {
        return file;
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return hub.revision();
    }

    @Override
    public long compactedRevision() {
        ensureOpen();
        return hub.compacted();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StoreGuards.requireKey(key);
        ensureOpen();
        long revision = hub.revision();
        return readers.read(c -> Queries.get(c, key, revision));
    }

    @Override
    public ListResult list(String prefix, String startAfter, int limit, long revision) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0 || revision < 0) {
            throw new IllegalArgumentException("limit and revision must not be negative: " + limit + ", " + revision);
        }
        ensureOpen();
        long current = hub.revision();
        long at = revision == 0 ? current : revision;
        if (at > current) {
            throw new FutureRevisionException(at, current);
        }
        long compacted = hub.compacted();
        if (at < compacted) {
            throw new CompactedException(at, compacted);
        }
        return readers.read(c -> Queries.list(c, prefix, startAfter, limit, at));
    }

    @Override
    public long count(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ensureOpen();
        long revision = hub.revision();
        return readers.read(c -> Queries.count(c, prefix, revision));
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        StoreGuards.requireKey(key);
        Objects.requireNonNull(value, "value");
        return write(new WriteOp.Create(key, value.clone(), new CompletableFuture<>()));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        StoreGuards.requireKey(key);
        Objects.requireNonNull(value, "value");
        return write(new WriteOp.Update(key, value.clone(), expectedModRevision, new CompletableFuture<>()));
    }

    @Override
    public long delete(String key, long expectedModRevision) {
        StoreGuards.requireKey(key);
        return write(new WriteOp.Delete(key, expectedModRevision, new CompletableFuture<>()));
    }

    @Override
    public long compact(long revision) {
        return write(new WriteOp.Compact(revision, new CompletableFuture<>()));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        WatchHub.Subscribed subscribed = hub.subscribe(prefix, afterRevision, listener);
        long upTo = subscribed.replayUpTo();
        subscribed.delivery().start(afterRevision >= upTo ? null : sink -> replay(prefix, afterRevision, upTo, sink));
        if (closed.get()) {
            subscribed.delivery().fail(new StoreUnavailableException("store closed", null)); // close raced with this call
        }
        return subscribed.delivery();
    }

    /** Replays (after, upTo] in pages, so that no read connection is held while the listener runs. */
    private void replay(String prefix, long after, long upTo, WatchDelivery.Sink sink) {
        long position = after;
        while (position < upTo) {
            long from = position;
            List<Row> page = readers.read(c -> Queries.history(c, prefix, from, upTo, REPLAY_PAGE));
            for (Row row : page) {
                if (!sink.accept(row.event())) {
                    return;
                }
            }
            position = page.size() < REPLAY_PAGE ? upTo : page.getLast().id();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        hub.failAll(new StoreUnavailableException("store closed", null));
        writer.close();
        readers.close();
        processLock.close();
        log.info("closed sqlite store {}", file);
    }

    @SuppressWarnings("unchecked")
    private <T> T write(WriteOp op) {
        ensureOpen();
        writer.submit(op);
        try {
            return (T) op.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreUnavailableException("sqlite write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a write, which may still be applied", e);
        }
    }

    private void ensureOpen() {
        StoreGuards.requireOpen(closed);
    }

    private static void createParent(Path file) {
        Path parent = file.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create directory " + parent + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                log.warn("closing sqlite connection failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteStore[" + file + "]";
    }
}
