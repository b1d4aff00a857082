package io.tugboat.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.tugboat.store.CompactedException;
import io.tugboat.store.FutureRevisionException;
import io.tugboat.store.KeyExistsException;
import io.tugboat.store.KeyNotFoundException;
import io.tugboat.store.KeyValue;
import io.tugboat.store.ListResult;
import io.tugboat.store.RevisionConflictException;
import io.tugboat.store.Store;
import io.tugboat.store.support.StoreGuards;
import io.tugboat.store.StoreUnavailableException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on etcd, through jetcd. etcd already is an MVCC key space with one global revision, so each
 * operation is one request: writes are transactions comparing the key's create or mod revision, reads
 * are ranges at a revision, watches are etcd watches with the previous value attached.
 *
 * <p>etcd reports compaction only as an error, without the revision; {@link #compactedRevision()} finds
 * it by probing which revisions still read.
 */
public final class EtcdStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(EtcdStore.class);
    /** Read (count only) to learn revisions: any key will do, it need not exist. */
    private static final ByteSequence PROBE_KEY = ByteSequence.from(new byte[] {0});

    private final EtcdStoreConfig config;
    private final Client client;
    private final KV kv;
    private final EtcdKeys keys;
    private final EtcdCalls calls;
    /** The highest compacted revision seen so far; etcd's never goes down, so it bounds the probe. */
    private final AtomicLong knownCompacted = new AtomicLong();
    private final Set<EtcdWatchBridge> watches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public EtcdStore(List<String> endpoints) {
        this(EtcdStoreConfig.of(endpoints));
    }

    public EtcdStore(EtcdStoreConfig config) {
        this.config = config;
        this.client = Client.builder().endpoints(config.endpoints().toArray(String[]::new)).build();
        this.kv = client.getKVClient();
        this.keys = new EtcdKeys(config.keyPrefix());
        this.calls = new EtcdCalls(config.requestTimeout());
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return calls.await(kv.get(PROBE_KEY, GetOption.builder().withCountOnly(true).build())).getHeader().getRevision();
    }

    /**
     * Finds the lowest revision that still reads: etcd keeps the state at its compaction revision whole
     * and refuses anything older, so that revision is the compacted one. A binary search above the last
     * one known, usually two requests. (Compaction at revision 1, etcd's empty first revision, cannot be
     * told from none and reads as 0.)
     */
    @Override
    public long compactedRevision() {
        ensureOpen();
        long known = knownCompacted.get();
        long readable = currentRevision(); // the current state is always readable
        long low = Math.max(1, known);
        if (readableAt(low)) {
            return known;
        }
        long unreadable = low;
        while (readable - unreadable > 1) {
            long middle = unreadable + (readable - unreadable) / 2;
            if (readableAt(middle)) {
                readable = middle;
            } else {
                unreadable = middle;
            }
        }
        knownCompacted.accumulateAndGet(readable, Math::max);
        return readable;
    }

    private boolean readableAt(long revision) {
        try {
            calls.await(kv.get(PROBE_KEY, GetOption.builder().withCountOnly(true).withRevision(revision).build()));
            return true;
        } catch (EtcdCalls.RevisionOutOfRange e) {
            return !e.compacted();
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        StoreGuards.requireKey(key);
        ensureOpen();
        GetResponse response = calls.await(kv.get(keys.key(key)));
        return response.getKvs().stream().findFirst().map(found -> EtcdWatchBridge.toKeyValue(key, found));
    }

    @Override
    public ListResult list(String prefix, String startAfter, int limit, long revision) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0 || revision < 0) {
            throw new IllegalArgumentException("limit and revision must not be negative: " + limit + ", " + revision);
        }
        ensureOpen();
        EtcdKeys.Range range = keys.range(prefix, startAfter);
        GetOption option = GetOption.builder().withRange(range.end()).withLimit(limit).withRevision(revision).build();
        GetResponse response = readAt(revision, () -> calls.await(kv.get(range.start(), option)));
        List<KeyValue> items = new ArrayList<>(response.getKvs().size());
        for (io.etcd.jetcd.KeyValue found : response.getKvs()) {
            items.add(EtcdWatchBridge.toKeyValue(keys.strip(found.getKey()), found));
        }
        return new ListResult(items, revision == 0 ? response.getHeader().getRevision() : revision, response.isMore());
    }

    @Override
    public long count(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ensureOpen();
        EtcdKeys.Range range = keys.range(prefix, null);
        GetOption option = GetOption.builder().withRange(range.end()).withCountOnly(true).build();
        return calls.await(kv.get(range.start(), option)).getCount();
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        StoreGuards.requireKey(key);
        Objects.requireNonNull(value, "value");
        ensureOpen();
        ByteSequence k = keys.key(key);
        TxnResponse response = calls.await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw new KeyExistsException(key);
        }
        long revision = response.getHeader().getRevision();
        return new KeyValue(key, value.clone(), revision, revision);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        StoreGuards.requireKey(key);
        Objects.requireNonNull(value, "value");
        ensureOpen();
        ByteSequence k = keys.key(key);
        TxnResponse response = calls.await(kv.txn()
                .If(exists(k), new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw refused(key, response, expectedModRevision);
        }
        long createRevision = response.getPutResponses().getFirst().getPrevKv().getCreateRevision();
        return new KeyValue(key, value.clone(), createRevision, response.getHeader().getRevision());
    }

    @Override
    public long delete(String key, long expectedModRevision) {
        StoreGuards.requireKey(key);
        ensureOpen();
        ByteSequence k = keys.key(key);
        Cmp[] conditions = expectedModRevision == 0
                ? new Cmp[] {exists(k)}
                : new Cmp[] {exists(k), new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision))};
        TxnResponse response = calls.await(kv.txn()
                .If(conditions)
                .Then(Op.delete(k, DeleteOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            throw refused(key, response, expectedModRevision);
        }
        return response.getHeader().getRevision();
    }

    @Override
    public long compact(long revision) {
        ensureOpen();
        if (revision <= knownCompacted.get()) {
            return compactedRevision();
        }
        try {
            // physical: return only once etcd has applied it, so that old revisions fail from now on
            calls.await(kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
            knownCompacted.accumulateAndGet(revision, Math::max);
            return knownCompacted.get();
        } catch (EtcdCalls.RevisionOutOfRange e) {
            if (e.compacted()) {
                return compactedRevision(); // someone compacted as far or further already
            }
            throw new FutureRevisionException(revision, currentRevision());
        }
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        // A read at afterRevision fails exactly when afterRevision is below the compacted revision, which
        // is when the contract refuses the watch. (etcd's own check on a watch is one revision laxer.)
        if (afterRevision < knownCompacted.get() || !readableAt(Math.max(1, afterRevision))) {
            throw new CompactedException(afterRevision, compactedRevision());
        }
        EtcdWatchBridge bridge = new EtcdWatchBridge(keys, prefix, afterRevision, config.maxWatchBacklog(), listener,
                watches::remove);
        watches.add(bridge);
        Watch watch = bridge.start(client.getWatchClient(), keys.range(prefix, null));
        if (closed.get()) {
            bridge.fail(new StoreUnavailableException("store closed", null)); // close raced with this call
        }
        return watch;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StoreUnavailableException closing = new StoreUnavailableException("store closed", null);
        for (EtcdWatchBridge watch : watches) {
            watch.fail(closing);
        }
        client.close();
        log.debug("closed etcd store on {}", config.endpoints());
    }

    /** Runs a read at {@code revision}, turning etcd's refusal into the contract's exceptions. */
    private <T> T readAt(long revision, Supplier<T> read) {
        try {
            return read.get();
        } catch (EtcdCalls.RevisionOutOfRange e) {
            if (e.compacted()) {
                throw new CompactedException(revision, compactedRevision());
            }
            throw new FutureRevisionException(revision, currentRevision());
        }
    }

    private RuntimeException refused(String key, TxnResponse response, long expectedModRevision) {
        List<io.etcd.jetcd.KeyValue> found = response.getGetResponses().getFirst().getKvs();
        if (found.isEmpty()) {
            return new KeyNotFoundException(key);
        }
        return new RevisionConflictException(EtcdWatchBridge.toKeyValue(key, found.getFirst()), expectedModRevision);
    }

    private static Cmp exists(ByteSequence key) {
        return new Cmp(key, Cmp.Op.GREATER, CmpTarget.version(0));
    }

    private void ensureOpen() {
        StoreGuards.requireOpen(closed);
    }

    @Override
    public String toString() {
        return "EtcdStore[" + config.endpoints() + (config.keyPrefix().isEmpty() ? "" : " " + config.keyPrefix()) + "]";
    }
}
