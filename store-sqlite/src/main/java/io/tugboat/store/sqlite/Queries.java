package io.tugboat.store.sqlite;

import io.tugboat.store.CompactedException;
import io.tugboat.store.KeyValue;
import io.tugboat.store.ListResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side's SQL. Every read is at an explicit revision: the latest row of each key with an id at
 * or below it. Reads that go back in history check the compacted revision inside the same snapshot as
 * the rows they read, so that a compaction committing meanwhile cannot hand them a partial history.
 */
final class Queries {
    private static final String LATEST_PER_KEY = "SELECT MAX(id) FROM kv WHERE id <= ? AND name >= ?";

    private Queries() {
    }

    static Optional<KeyValue> get(Connection c, String key, long revision) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT " + Row.COLUMNS + " FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1")) {
            s.setString(1, key);
            s.setLong(2, revision);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Row row = Row.read(rs);
                return row.deleted() ? Optional.empty() : Optional.of(row.keyValue());
            }
        }
    }

    static ListResult list(Connection c, String prefix, String startAfter, int limit, long revision)
            throws SQLException {
        return inSnapshot(c, () -> {
            checkNotCompacted(c, revision);
            Range range = new Range(prefix, startAfter);
            String sql = "SELECT " + Row.COLUMNS + " FROM kv WHERE id IN (" + LATEST_PER_KEY + range.sql()
                    + " GROUP BY name) AND deleted = 0 ORDER BY name" + (limit > 0 ? " LIMIT ?" : "");
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int next = range.bind(s, revision);
                if (limit > 0) {
                    s.setInt(next, limit + 1); // one more than asked tells whether more remain
                }
                List<KeyValue> items = new ArrayList<>();
                boolean more = false;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (limit > 0 && items.size() == limit) {
                            more = true;
                            break;
                        }
                        items.add(Row.read(rs).keyValue());
                    }
                }
                return new ListResult(items, revision, more);
            }
        });
    }

    static long count(Connection c, String prefix, long revision) throws SQLException {
        Range range = new Range(prefix, null);
        String sql = "SELECT COUNT(*) FROM kv WHERE id IN (" + LATEST_PER_KEY + range.sql()
                + " GROUP BY name) AND deleted = 0";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            range.bind(s, revision);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Up to {@code max} writes to keys under {@code prefix} with revisions in (after, upTo], in revision
     * order.
     *
     * @throws CompactedException if some of those writes may already have been compacted away
     */
    static List<Row> history(Connection c, String prefix, long after, long upTo, int max) throws SQLException {
        return inSnapshot(c, () -> {
            checkNotCompacted(c, after);
            String end = KeyRanges.prefixEnd(prefix);
            String sql = "SELECT " + Row.COLUMNS + " FROM kv WHERE id > ? AND id <= ? AND name >= ?"
                    + (end == null ? "" : " AND name < ?") + " ORDER BY id LIMIT ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setLong(i++, after);
                s.setLong(i++, upTo);
                s.setString(i++, prefix);
                if (end != null) {
                    s.setString(i++, end);
                }
                s.setInt(i, max);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(Row.read(rs));
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Fails if {@code revision} is below the compacted revision read in this snapshot: the state at the
     * compacted revision itself, and every write after it, are still whole.
     */
    private static void checkNotCompacted(Connection c, long revision) throws SQLException {
        long compacted = Schema.compactedRevision(c);
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
    }

    @FunctionalInterface
    private interface SnapshotWork<T> {
        T run() throws SQLException;
    }

    /** Runs several statements against one snapshot of the database (a WAL read transaction). */
    private static <T> T inSnapshot(Connection c, SnapshotWork<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            boolean done = false;
            try {
                T result = work.run();
                done = true;
                return result;
            } finally {
                s.execute(done ? "COMMIT" : "ROLLBACK");
            }
        }
    }

    /** The WHERE clauses after {@link #LATEST_PER_KEY} for a prefix and an optional startAfter. */
    private record Range(String prefix, String startAfter) {
        String end() {
            return KeyRanges.prefixEnd(prefix);
        }

        String sql() {
            return (end() == null ? "" : " AND name < ?") + (startAfter == null ? "" : " AND name > ?");
        }

        /** Binds the revision and the range; returns the next parameter index. */
        int bind(PreparedStatement s, long revision) throws SQLException {
            int i = 1;
            s.setLong(i++, revision);
            s.setString(i++, prefix);
            String end = end();
            if (end != null) {
                s.setString(i++, end);
            }
            if (startAfter != null) {
                s.setString(i++, startAfter);
            }
            return i;
        }
    }
}
