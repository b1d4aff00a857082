package io.tugboat.store;

import java.util.Optional;

/**
 * Tugboat's persistent state: an ordered space of string keys holding byte values, with one global
 * revision that every write advances by one. Writes are guarded by the key's modification revision
 * (compare-and-swap), so that concurrent writers never lose each other's updates. Old revisions stay
 * readable and watchable until {@link #compact} drops them.
 *
 * <p>Every method is thread-safe. A write returns only once it is durable: an acknowledged write
 * survives a crash of the process.
 */
public interface Store extends AutoCloseable {

    /** The revision of the latest write (0 for an empty store that was never written). */
    long currentRevision();

    /**
     * The revision up to which history has been compacted (0 if none). The store as it was at this
     * revision is still whole (compaction keeps the latest value of every key), so reads may use it or any
     * later revision; a watch may start after it.
     */
    long compactedRevision();

    /** The key's current value, if present. */
    Optional<KeyValue> get(String key);

    /**
     * Keys that start with {@code prefix}, in key order, after {@code startAfter} (exclusive; null for the
     * first page), at most {@code limit} of them (0 for all), as the store was at {@code revision}
     * (0 for the current revision).
     *
     * @throws CompactedException if {@code revision} is below {@link #compactedRevision()}
     * @throws FutureRevisionException if {@code revision} is beyond {@link #currentRevision()}
     */
    ListResult list(String prefix, String startAfter, int limit, long revision);

    /** How many keys start with {@code prefix} now. */
    long count(String prefix);

    /**
     * Creates the key.
     *
     * @return the new key, with createRevision == modRevision == the new store revision
     * @throws KeyExistsException if the key exists
     */
    KeyValue create(String key, byte[] value);

    /**
     * Replaces the key's value if its modification revision is {@code expectedModRevision}.
     *
     * @throws KeyNotFoundException if the key does not exist
     * @throws RevisionConflictException if the key's modification revision differs
     */
    KeyValue update(String key, byte[] value, long expectedModRevision);

    /**
     * Deletes the key if its modification revision is {@code expectedModRevision} (0 for whatever it is).
     *
     * @return the revision of the delete
     * @throws KeyNotFoundException if the key does not exist
     * @throws RevisionConflictException if the key's modification revision differs
     */
    long delete(String key, long expectedModRevision);

    /**
     * Delivers, in revision order, every change to a key starting with {@code prefix} committed after
     * {@code afterRevision}, then every later one until the watch is closed. Events already committed
     * are replayed from history first, with no gap and no duplicate between history and live events.
     *
     * @throws CompactedException if {@code afterRevision} is below {@link #compactedRevision()}
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Drops history up to and including {@code revision}: the latest value of every live key is kept,
     * superseded values and deleted keys from at or before that revision go.
     *
     * @return the compacted revision now in force
     */
    long compact(long revision);

    @Override
    void close();
}
