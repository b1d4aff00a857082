package io.tugboat.store.sqlite;

import io.tugboat.store.KeyValue;
import io.tugboat.store.StoreEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the MVCC table: one write. {@code id} is the revision of the write; {@code prevRevision}
 * the revision of the key's previous row (0 if none) and {@code oldValue} its value, so that every row
 * is a complete watch event on its own, even after compaction removed the row before it.
 */
record Row(long id, String name, boolean created, boolean deleted, long createRevision, long prevRevision,
           byte[] value, byte[] oldValue) {

    static final String COLUMNS = "id, name, created, deleted, create_revision, prev_revision, value, old_value";
    private static final byte[] EMPTY = new byte[0];

    static Row read(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0, rs.getLong(5),
                rs.getLong(6), bytes(rs.getBytes(7)), bytes(rs.getBytes(8)));
    }

    /** Binds all columns, in {@link #COLUMNS} order, starting at parameter 1. */
    void bind(PreparedStatement insert) throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, name);
        insert.setInt(3, created ? 1 : 0);
        insert.setInt(4, deleted ? 1 : 0);
        insert.setLong(5, createRevision);
        insert.setLong(6, prevRevision);
        insert.setBytes(7, deleted ? null : value);
        insert.setBytes(8, created ? null : oldValue);
    }

    /** The key as this row left it; meaningless for a delete row. */
    KeyValue keyValue() {
        return new KeyValue(name, value, createRevision, id);
    }

    /** The key as it was before this row; only for rows that did not create the key. */
    KeyValue previous() {
        return new KeyValue(name, oldValue, createRevision, prevRevision);
    }

    StoreEvent event() {
        if (deleted) {
            return new StoreEvent.Delete(previous(), id);
        }
        return new StoreEvent.Put(keyValue(), created ? null : previous());
    }

    /** sqlite-jdbc reads an empty blob as null; the store never writes null for a live value. */
    private static byte[] bytes(byte[] b) {
        return b == null ? EMPTY : b;
    }
}
