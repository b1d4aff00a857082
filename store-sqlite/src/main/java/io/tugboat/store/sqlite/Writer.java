package io.tugboat.store.sqlite;

import io.tugboat.store.FutureRevisionException;
import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes. Writers queue their requests; the thread takes everything queued (up to
 * {@code maxBatch}) into one transaction, so concurrent writers share one commit and one fsync (group
 * commit), then publishes the committed events and answers the callers. Being the only writer, it
 * assigns revisions itself: the next revision is always the published one plus one.
 */
final class Writer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** Tells the thread to stop; ops queued behind it are failed. */
    private static final WriteOp STOP = new WriteOp.Compact(-1, null);

    private final Connection connection;
    private final Statement control;
    private final Mutations mutations;
    private final WatchHub hub;
    private final int maxBatch;
    private final long compactionStep;
    private final LinkedBlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    /** Guards the hand-over between submit and the thread's end, so that no op is left unanswered. */
    private final ReentrantLock admission = new ReentrantLock();
    private final Thread thread;
    private boolean accepting = true;

    Writer(Connection connection, WatchHub hub, int maxBatch, int compactionStep) throws SQLException {
        this.connection = connection;
        this.control = connection.createStatement();
        this.mutations = new Mutations(connection);
        this.hub = hub;
        this.maxBatch = maxBatch;
        this.compactionStep = compactionStep;
        this.thread = Thread.ofPlatform().name("tugboat-sqlite-writer").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues an op; its result completes once it is committed (or failed). */
    void submit(WriteOp op) {
        admission.lock();
        try {
            if (!accepting) {
                op.result().completeExceptionally(new StoreUnavailableException("store is closed", null));
                return;
            }
            queue.add(op);
        } finally {
            admission.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                WriteOp first = queue.take();
                if (first == STOP) {
                    break;
                }
                if (first instanceof WriteOp.Compact compact) {
                    compactStep(compact);
                    continue;
                }
                List<WriteOp.Mutation> batch = new ArrayList<>();
                batch.add((WriteOp.Mutation) first);
                while (batch.size() < maxBatch && queue.peek() instanceof WriteOp.Mutation) {
                    batch.add((WriteOp.Mutation) queue.poll());
                }
                commit(batch);
            }
        } catch (InterruptedException e) {
            log.warn("sqlite writer interrupted; failing queued writes");
        } catch (RuntimeException | Error e) {
            log.error("sqlite writer died; failing queued writes", e);
        } finally {
            admission.lock();
            try {
                accepting = false;
                StoreUnavailableException closed = new StoreUnavailableException("sqlite writer stopped", null);
                for (WriteOp op; (op = queue.poll()) != null; ) {
                    if (op != STOP) {
                        op.result().completeExceptionally(closed);
                    }
                }
            } finally {
                admission.unlock();
            }
        }
    }

    /** One transaction for the whole batch; callers hear back only after the commit is durable. */
    private void commit(List<WriteOp.Mutation> batch) {
        long revision = hub.revision();
        List<StoreEvent> events = new ArrayList<>(batch.size());
        List<Runnable> answers = new ArrayList<>(batch.size());
        try {
            control.execute("BEGIN IMMEDIATE");
            for (WriteOp.Mutation op : batch) {
                try {
                    Row row = apply(op, revision + 1);
                    revision++;
                    events.add(row.event());
                    answers.add(() -> succeed(op, row));
                } catch (StoreException refused) {
                    answers.add(() -> op.result().completeExceptionally(refused));
                }
            }
            control.execute("COMMIT");
        } catch (SQLException e) {
            rollback();
            log.error("sqlite write transaction failed", e);
            StoreUnavailableException failure = new StoreUnavailableException("sqlite write failed: " + e.getMessage(), e);
            batch.forEach(op -> op.result().completeExceptionally(failure));
            return;
        }
        if (!events.isEmpty()) {
            hub.publish(revision, events);
        }
        answers.forEach(Runnable::run);
    }

    private Row apply(WriteOp.Mutation op, long revision) throws SQLException {
        return switch (op) {
            case WriteOp.Create c -> mutations.create(revision, c.key(), c.value());
            case WriteOp.Update u -> mutations.update(revision, u.key(), u.value(), u.expectedModRevision());
            case WriteOp.Delete d -> mutations.delete(revision, d.key(), d.expectedModRevision());
        };
    }

    private static void succeed(WriteOp.Mutation op, Row row) {
        switch (op) {
            case WriteOp.Create c -> c.result().complete(row.keyValue());
            case WriteOp.Update u -> u.result().complete(row.keyValue());
            case WriteOp.Delete d -> d.result().complete(row.id());
        }
    }

    /**
     * One step of a compaction, in its own transaction; if the target is further, the op goes to the back
     * of the queue so that writes queued meanwhile are not held up by a long compaction.
     */
    private void compactStep(WriteOp.Compact op) {
        long from = hub.compacted();
        long current = hub.revision();
        if (op.revision() > current) {
            op.result().completeExceptionally(new FutureRevisionException(op.revision(), current));
            return;
        }
        if (op.revision() <= from) {
            op.result().complete(from);
            return;
        }
        long to = Math.min(op.revision(), from + compactionStep);
        try {
            control.execute("BEGIN IMMEDIATE");
            mutations.compact(from, to);
            control.execute("COMMIT");
        } catch (SQLException e) {
            rollback();
            log.error("sqlite compaction to {} failed", to, e);
            op.result().completeExceptionally(new StoreUnavailableException("sqlite compaction failed: " + e.getMessage(), e));
            return;
        }
        hub.compacted(to);
        if (to < op.revision()) {
            queue.add(op);
        } else {
            op.result().complete(to);
        }
    }

    private void rollback() {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            log.debug("rollback after a failed sqlite transaction: {}", e.getMessage());
        }
    }

    /** Lets the thread finish the ops queued so far, fails any that come later, and waits (bounded) for it. */
    @Override
    public void close() {
        admission.lock();
        try {
            if (accepting) {
                queue.add(STOP);
            }
        } finally {
            admission.unlock();
        }
        try {
            if (!thread.join(STOP_WAIT)) {
                log.warn("sqlite writer did not stop within {}", STOP_WAIT);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (control; mutations; connection) {
            // closes the writer's statements and connection
        } catch (SQLException e) {
            log.warn("closing the sqlite writer connection failed", e);
        }
    }
}
