package io.tugboat.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The database layout and how connections to it are opened.
 *
 * <p>One table holds every write, kine's way: the autoincrement id is the revision, so the table is
 * the history and the current state at once. The unique (name, prev_revision) index makes a lost update
 * impossible even if two writers ever raced: both would claim the same predecessor. A small meta table
 * keeps the compacted revision, which must survive a restart.
 */
final class Schema {
    static final String TABLE = "kv";
    static final String COMPACT_REV = "compact_rev";

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS kv (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            value BLOB,
            old_value BLOB
        )""",
        "CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id)",
        "CREATE UNIQUE INDEX IF NOT EXISTS kv_name_prev_revision ON kv (name, prev_revision)",
        "CREATE TABLE IF NOT EXISTS kv_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    };

    private Schema() {
    }

    /**
     * Opens a connection in WAL mode with synchronous=FULL: every commit fsyncs the WAL, so a write that
     * was acknowledged survives a crash of the process or the machine.
     */
    static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        if (readOnly) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    static void create(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
    }

    /** The revision of the latest write ever made, deleted rows included (AUTOINCREMENT never reuses ids). */
    static long currentRevision(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = '" + TABLE + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long compactedRevision(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM kv_meta WHERE name = '" + COMPACT_REV + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
