package io.tugboat.store.sqlite;

import io.tugboat.store.StoreException;
import io.tugboat.store.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of read-only connections. In WAL mode readers never wait for the writer, so reads run in
 * parallel with each other and with commits.
 */
final class ReaderPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReaderPool.class);

    /** Work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final Duration wait;
    private volatile boolean closed;

    ReaderPool(Path file, int size, Duration wait) throws SQLException {
        this.idle = new ArrayBlockingQueue<>(size);
        this.wait = wait;
        try {
            for (int i = 0; i < size; i++) {
                Connection c = Schema.open(file, true);
                all.add(c);
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    <T> T read(Work<T> work) {
        Connection connection = borrow();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreUnavailableException("sqlite read failed: " + e.getMessage(), e);
        } finally {
            giveBack(connection);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new StoreUnavailableException("store is closed", null);
        }
        try {
            Connection c = idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new StoreUnavailableException("no sqlite read connection free within " + wait, null);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection", e);
        }
    }

    private void giveBack(Connection connection) {
        if (closed) {
            closeQuietly(connection);
        } else {
            idle.add(connection);
        }
    }

    /** Closes idle connections now and borrowed ones as they come back. */
    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("closing a sqlite read connection failed", e);
        }
    }
}
