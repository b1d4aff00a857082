package io.tugboat.store.sqlite;

import io.tugboat.store.KeyExistsException;
import io.tugboat.store.KeyNotFoundException;
import io.tugboat.store.RevisionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The write side's SQL, run by the writer thread inside its open transaction. Each mutation reads the
 * key's latest row (which sees the earlier writes of the same batch), checks the precondition and appends
 * one row whose id is the new revision. A failed precondition throws before anything is written.
 */
final class Mutations implements AutoCloseable {
    private final PreparedStatement latest;
    private final PreparedStatement insert;
    private final PreparedStatement compact;
    private final PreparedStatement saveCompacted;

    Mutations(Connection c) throws SQLException {
        latest = c.prepareStatement("SELECT " + Row.COLUMNS + " FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1");
        insert = c.prepareStatement("INSERT INTO kv (" + Row.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        // Rows at or below the target that a later row at or below it supersedes, and deletions at or
        // below it, are history nobody may read any more. Only keys written in (from, target] can have
        // such rows: everything at or below "from" was compacted before.
        compact = c.prepareStatement("""
                DELETE FROM kv
                WHERE id <= ?1
                  AND name IN (SELECT name FROM kv WHERE id > ?2 AND id <= ?1)
                  AND (deleted = 1 OR id < (SELECT MAX(k.id) FROM kv k WHERE k.name = kv.name AND k.id <= ?1))""");
        saveCompacted = c.prepareStatement(
                "INSERT INTO kv_meta (name, value) VALUES ('" + Schema.COMPACT_REV + "', ?)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    }

    Row create(long revision, String key, byte[] value) throws SQLException {
        Row current = latest(key);
        if (current != null && !current.deleted()) {
            throw new KeyExistsException(key);
        }
        long previous = current == null ? 0 : current.id();
        return append(new Row(revision, key, true, false, revision, previous, value, null));
    }

    Row update(long revision, String key, byte[] value, long expectedModRevision) throws SQLException {
        Row current = live(key);
        if (current.id() != expectedModRevision) {
            throw new RevisionConflictException(current.keyValue(), expectedModRevision);
        }
        return append(new Row(revision, key, false, false, current.createRevision(), current.id(), value,
                current.value()));
    }

    Row delete(long revision, String key, long expectedModRevision) throws SQLException {
        Row current = live(key);
        if (expectedModRevision != 0 && current.id() != expectedModRevision) {
            throw new RevisionConflictException(current.keyValue(), expectedModRevision);
        }
        return append(new Row(revision, key, false, true, current.createRevision(), current.id(), null,
                current.value()));
    }

    /** Drops history in (from, target] and records target as the compacted revision. */
    void compact(long from, long target) throws SQLException {
        compact.setLong(1, target);
        compact.setLong(2, from);
        compact.executeUpdate();
        saveCompacted.setLong(1, target);
        saveCompacted.executeUpdate();
    }

    private Row live(String key) throws SQLException {
        Row current = latest(key);
        if (current == null || current.deleted()) {
            throw new KeyNotFoundException(key);
        }
        return current;
    }

    private Row latest(String key) throws SQLException {
        latest.setString(1, key);
        try (ResultSet rs = latest.executeQuery()) {
            return rs.next() ? Row.read(rs) : null;
        }
    }

    private Row append(Row row) throws SQLException {
        row.bind(insert);
        insert.executeUpdate();
        return row;
    }

    @Override
    public void close() throws SQLException {
        try (latest; insert; compact; saveCompacted) {
            // closes all four
        }
    }
}
