package io.tugboat.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, checked against an engine. An engine's test extends this class and says how
 * to make an empty store and how to reopen one over the same data.
 *
 * <p>Tests only assume what the contract says: revisions are relative to {@link Store#currentRevision()}
 * at the start (an engine may start above 0, as etcd does) and compaction may already be in force below
 * it. Every wait is bounded by {@link #WAIT}.
 */
@SuppressWarnings("try") // try-with-resources scopes watches whose handle the body does not need
public abstract class StoreConformanceTest {
    protected static final Duration WAIT = Duration.ofSeconds(20);

    /** The store under test; tests that reopen replace it. */
    protected Store store;
    private final List<Store> extraStores = new ArrayList<>();
    private final List<RecordingListener> listeners = new ArrayList<>();

    /** A new, empty store (no key visible), independent of every other one this method returned. */
    protected abstract Store newStore() throws Exception;

    /** Closes {@code store} and opens the same data again, as a restarted process would. */
    protected abstract Store reopen(Store store) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStores() {
        try {
            for (RecordingListener l : listeners) {
                assertThat(l.violations()).as("listener contract").isEmpty();
            }
        } finally {
            listeners.clear();
            extraStores.forEach(Store::close);
            extraStores.clear();
            if (store != null) {
                store.close();
            }
        }
    }

    // ---------------------------------------------------------------- create, get

    @Test
    void createReturnsNewRevisionAndGetReadsIt() {
        long base = store.currentRevision();
        KeyValue created = store.create("/a/1", bytes("one"));

        assertThat(created.key()).isEqualTo("/a/1");
        assertThat(created.value()).isEqualTo(bytes("one"));
        assertThat(created.createRevision()).isEqualTo(base + 1);
        assertThat(created.modRevision()).isEqualTo(base + 1);
        assertThat(store.currentRevision()).isEqualTo(base + 1);
        assertThat(store.get("/a/1")).contains(created);
    }

    @Test
    void getOfMissingKeyIsEmpty() {
        assertThat(store.get("/nothing/here")).isEmpty();
    }

    @Test
    void valuesAreKeptByteForByte() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        store.create("/bin/all", binary);
        store.create("/bin/empty", new byte[0]);

        assertThat(store.get("/bin/all")).get().extracting(KeyValue::value).isEqualTo(binary);
        assertThat(store.get("/bin/empty")).get().extracting(KeyValue::value).isEqualTo(new byte[0]);
        assertThat(store.list("/bin/", null, 0, 0).items()).extracting(KeyValue::value)
                .containsExactly(binary, new byte[0]);
    }

    @Test
    void createOfExistingKeyFailsAndWritesNothing() {
        KeyValue first = store.create("/a/1", bytes("one"));
        long before = store.currentRevision();

        KeyExistsException e = catchThrowableOfType(KeyExistsException.class, () -> store.create("/a/1", bytes("two")));

        assertThat(e.key()).isEqualTo("/a/1");
        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(store.get("/a/1")).contains(first);
    }

    @Test
    void createAfterDeleteStartsANewLife() {
        KeyValue first = store.create("/a/1", bytes("one"));
        store.delete("/a/1", first.modRevision());
        KeyValue again = store.create("/a/1", bytes("again"));

        assertThat(again.createRevision()).isEqualTo(again.modRevision()).isGreaterThan(first.createRevision());
        assertThat(store.get("/a/1")).contains(again);
    }

    // ---------------------------------------------------------------- update

    @Test
    void updateWithCurrentRevisionReplacesValueAndKeepsCreateRevision() {
        KeyValue created = store.create("/a/1", bytes("one"));
        KeyValue updated = store.update("/a/1", bytes("two"), created.modRevision());

        assertThat(updated.value()).isEqualTo(bytes("two"));
        assertThat(updated.createRevision()).isEqualTo(created.createRevision());
        assertThat(updated.modRevision()).isEqualTo(created.modRevision() + 1);
        assertThat(store.get("/a/1")).contains(updated);
    }

    @Test
    void updateWithStaleRevisionConflictsAndCarriesCurrent() {
        KeyValue created = store.create("/a/1", bytes("one"));
        KeyValue updated = store.update("/a/1", bytes("two"), created.modRevision());
        long before = store.currentRevision();

        RevisionConflictException e = catchThrowableOfType(RevisionConflictException.class,
                () -> store.update("/a/1", bytes("three"), created.modRevision()));

        assertThat(e.current()).isEqualTo(updated);
        assertThat(e.expectedModRevision()).isEqualTo(created.modRevision());
        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(store.get("/a/1")).contains(updated);
    }

    @Test
    void updateExpectingZeroIsAConflictNotABlindWrite() {
        KeyValue created = store.create("/a/1", bytes("one"));

        RevisionConflictException e = catchThrowableOfType(RevisionConflictException.class,
                () -> store.update("/a/1", bytes("two"), 0));

        assertThat(e.current()).isEqualTo(created);
    }

    @Test
    void updateOfMissingKeyIsNotFound() {
        long before = store.currentRevision();

        KeyNotFoundException e = catchThrowableOfType(KeyNotFoundException.class,
                () -> store.update("/a/missing", bytes("x"), 1));
        assertThat(e.key()).isEqualTo("/a/missing");
        assertThatThrownBy(() -> store.update("/a/missing", bytes("x"), 0)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(store.get("/a/missing")).isEmpty();
    }

    @Test
    void updateOfDeletedKeyIsNotFound() {
        KeyValue created = store.create("/a/1", bytes("one"));
        store.delete("/a/1", 0);

        assertThatThrownBy(() -> store.update("/a/1", bytes("x"), created.modRevision()))
                .isInstanceOf(KeyNotFoundException.class);
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deleteWithCurrentRevisionRemovesKey() {
        KeyValue created = store.create("/a/1", bytes("one"));
        long deletedAt = store.delete("/a/1", created.modRevision());

        assertThat(deletedAt).isEqualTo(created.modRevision() + 1);
        assertThat(store.currentRevision()).isEqualTo(deletedAt);
        assertThat(store.get("/a/1")).isEmpty();
        assertThat(store.list("/a/", null, 0, 0).items()).isEmpty();
    }

    @Test
    void deleteWithStaleRevisionConflictsAndKeepsKey() {
        KeyValue created = store.create("/a/1", bytes("one"));
        KeyValue updated = store.update("/a/1", bytes("two"), created.modRevision());
        long before = store.currentRevision();

        RevisionConflictException e = catchThrowableOfType(RevisionConflictException.class,
                () -> store.delete("/a/1", created.modRevision()));

        assertThat(e.current()).isEqualTo(updated);
        assertThat(e.expectedModRevision()).isEqualTo(created.modRevision());
        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(store.get("/a/1")).contains(updated);
    }

    @Test
    void deleteExpectingZeroDeletesWhateverRevision() {
        KeyValue created = store.create("/a/1", bytes("one"));
        store.update("/a/1", bytes("two"), created.modRevision());

        long deletedAt = store.delete("/a/1", 0);

        assertThat(deletedAt).isEqualTo(store.currentRevision());
        assertThat(store.get("/a/1")).isEmpty();
    }

    @Test
    void deleteOfMissingOrDeletedKeyIsNotFound() {
        KeyValue created = store.create("/a/1", bytes("one"));
        store.delete("/a/1", created.modRevision());
        long before = store.currentRevision();

        KeyNotFoundException e = catchThrowableOfType(KeyNotFoundException.class, () -> store.delete("/a/1", 0));
        assertThat(e.key()).isEqualTo("/a/1");
        assertThatThrownBy(() -> store.delete("/a/never", 0)).isInstanceOf(KeyNotFoundException.class);
        assertThat(store.currentRevision()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- revisions

    @Test
    void everyWriteAdvancesTheGlobalRevisionByOne() {
        long rev = store.currentRevision();
        List<Long> seen = new ArrayList<>();
        KeyValue a = store.create("/r/a", bytes("1"));
        seen.add(a.modRevision());
        KeyValue b = store.create("/r/b", bytes("1"));
        seen.add(b.modRevision());
        seen.add(store.update("/r/a", bytes("2"), a.modRevision()).modRevision());
        seen.add(store.delete("/r/b", b.modRevision()));
        seen.add(store.create("/other/c", bytes("1")).modRevision());

        assertThat(seen).containsExactly(rev + 1, rev + 2, rev + 3, rev + 4, rev + 5);
        assertThat(store.currentRevision()).isEqualTo(rev + 5);
    }

    @Test
    void failedWritesDoNotAdvanceTheRevision() {
        KeyValue a = store.create("/r/a", bytes("1"));
        long before = store.currentRevision();

        assertThatThrownBy(() -> store.create("/r/a", bytes("x"))).isInstanceOf(KeyExistsException.class);
        assertThatThrownBy(() -> store.update("/r/a", bytes("x"), a.modRevision() + 100))
                .isInstanceOf(RevisionConflictException.class);
        assertThatThrownBy(() -> store.delete("/r/zzz", 0)).isInstanceOf(KeyNotFoundException.class);

        assertThat(store.currentRevision()).isEqualTo(before);
        assertThat(store.create("/r/b", bytes("1")).modRevision()).isEqualTo(before + 1);
    }

    @Test
    void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
        int threads = 4;
        int incrementsEach = 25;
        KeyValue counter = store.create("/cas/counter", bytes("0"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < incrementsEach; i++) {
                        KeyValue current = store.get("/cas/counter").orElseThrow();
                        while (true) {
                            int next = Integer.parseInt(new String(current.value(), UTF_8)) + 1;
                            try {
                                store.update("/cas/counter", bytes(Integer.toString(next)), current.modRevision());
                                break;
                            } catch (RevisionConflictException e) {
                                conflicts++;
                                current = e.current();
                            }
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> f : results) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        KeyValue end = store.get("/cas/counter").orElseThrow();
        assertThat(new String(end.value(), UTF_8)).isEqualTo(Integer.toString(threads * incrementsEach));
        // only the successful swaps took revisions
        assertThat(end.modRevision()).isEqualTo(counter.modRevision() + threads * incrementsEach);
        assertThat(store.currentRevision()).isEqualTo(end.modRevision());
    }

    // ---------------------------------------------------------------- list, count

    @Test
    void listReturnsPrefixInKeyOrderAtCurrentRevision() {
        store.create("/a/2", bytes("2"));
        store.create("/ab", bytes("not under /a/"));
        store.create("/a/1", bytes("1"));
        store.create("/a/3/x", bytes("3"));
        store.create("/a", bytes("the prefix itself, without its slash"));
        store.create("/b/1", bytes("b"));

        ListResult all = store.list("/a/", null, 0, 0);

        assertThat(all.items()).extracting(KeyValue::key).containsExactly("/a/1", "/a/2", "/a/3/x");
        assertThat(all.revision()).isEqualTo(store.currentRevision());
        assertThat(all.more()).isFalse();
        assertThat(store.list("", null, 0, 0).items()).extracting(KeyValue::key)
                .containsExactly("/a", "/a/1", "/a/2", "/a/3/x", "/ab", "/b/1");
    }

    @Test
    void listItemsCarryTheirRevisions() {
        KeyValue one = store.create("/a/1", bytes("1"));
        KeyValue two = store.create("/a/2", bytes("2"));
        KeyValue oneUpdated = store.update("/a/1", bytes("1b"), one.modRevision());

        assertThat(store.list("/a/", null, 0, 0).items()).containsExactly(oneUpdated, two);
    }

    @Test
    void listPagesWithLimitStartAfterAndMore() {
        for (int i = 1; i <= 5; i++) {
            store.create("/p/" + i, bytes("v" + i));
        }
        store.create("/q/1", bytes("after the prefix"));

        ListResult first = store.list("/p/", null, 2, 0);
        assertThat(first.items()).extracting(KeyValue::key).containsExactly("/p/1", "/p/2");
        assertThat(first.more()).isTrue();

        ListResult second = store.list("/p/", "/p/2", 2, first.revision());
        assertThat(second.items()).extracting(KeyValue::key).containsExactly("/p/3", "/p/4");
        assertThat(second.more()).isTrue();

        ListResult last = store.list("/p/", "/p/4", 2, first.revision());
        assertThat(last.items()).extracting(KeyValue::key).containsExactly("/p/5");
        assertThat(last.more()).isFalse();

        ListResult exact = store.list("/p/", "/p/3", 2, 0);
        assertThat(exact.items()).extracting(KeyValue::key).containsExactly("/p/4", "/p/5");
        assertThat(exact.more()).as("limit equal to what remains").isFalse();

        assertThat(store.list("/p/", "/p/5", 2, 0).items()).isEmpty();
        assertThat(store.list("/p/", "/p/5", 2, 0).more()).isFalse();
        assertThat(store.list("/p/", "/a", 0, 0).items()).as("startAfter before the prefix").hasSize(5);
        assertThat(store.list("/p/", "/p/2x", 0, 0).items()).as("startAfter need not be a key")
                .extracting(KeyValue::key).containsExactly("/p/3", "/p/4", "/p/5");
    }

    @Test
    void pagesReadAtOneRevisionStayConsistentWhileWritesGoOn() {
        List<KeyValue> original = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            original.add(store.create("/p/" + i, bytes("v" + i)));
        }
        ListResult first = store.list("/p/", null, 2, 0);

        store.update("/p/3", bytes("changed"), original.get(2).modRevision());
        store.delete("/p/4", 0);
        store.create("/p/5", bytes("new"));

        ListResult rest = store.list("/p/", "/p/2", 0, first.revision());
        assertThat(rest.revision()).isEqualTo(first.revision());
        assertThat(rest.items()).containsExactly(original.get(2), original.get(3));
        assertThat(rest.more()).isFalse();
    }

    @Test
    void listAtAnOldRevisionSeesTheStoreAsItWas() {
        KeyValue a1 = store.create("/h/a", bytes("a1"));
        KeyValue b1 = store.create("/h/b", bytes("b1"));
        long then = store.currentRevision();
        KeyValue a2 = store.update("/h/a", bytes("a2"), a1.modRevision());
        store.delete("/h/b", b1.modRevision());
        KeyValue c1 = store.create("/h/c", bytes("c1"));

        ListResult old = store.list("/h/", null, 0, then);
        assertThat(old.revision()).isEqualTo(then);
        assertThat(old.items()).containsExactly(a1, b1);

        ListResult afterUpdate = store.list("/h/", null, 0, a2.modRevision());
        assertThat(afterUpdate.items()).containsExactly(a2, b1);

        assertThat(store.list("/h/", null, 0, 0).items()).containsExactly(a2, c1);
        assertThat(store.list("/h/", null, 0, a1.modRevision()).items()).containsExactly(a1);
    }

    @Test
    void listBeyondTheCurrentRevisionIsAFutureRevision() {
        store.create("/a/1", bytes("1"));
        long current = store.currentRevision();

        assertThatThrownBy(() -> store.list("/a/", null, 0, current + 1)).isInstanceOf(FutureRevisionException.class);
        assertThatThrownBy(() -> store.list("/a/", null, 0, current + 1000)).isInstanceOf(FutureRevisionException.class);
        assertThat(store.list("/a/", null, 0, current).items()).hasSize(1);
    }

    @Test
    void listUsesByteOrderAndExactPrefixesForNonAsciiKeys() {
        store.create("/ü/z", bytes("z"));
        store.create("/ü/é", bytes("e"));
        store.create("/ü/\uD83D\uDE00", bytes("emoji"));
        store.create("/üx", bytes("outside"));
        store.create("/u/plain", bytes("outside"));

        assertThat(store.list("/ü/", null, 0, 0).items()).extracting(KeyValue::key)
                .containsExactly("/ü/z", "/ü/é", "/ü/\uD83D\uDE00");
        assertThat(store.list("/ü/", "/ü/z", 1, 0).items()).extracting(KeyValue::key).containsExactly("/ü/é");
        assertThat(store.count("/ü/")).isEqualTo(3);
    }

    @Test
    void countCountsLiveKeysUnderThePrefix() {
        assertThat(store.count("/a/")).isZero();
        store.create("/a/1", bytes("1"));
        KeyValue two = store.create("/a/2", bytes("2"));
        store.create("/a/3", bytes("3"));
        store.create("/ab", bytes("x"));
        store.update("/a/2", bytes("2b"), two.modRevision());
        store.delete("/a/3", 0);

        assertThat(store.count("/a/")).isEqualTo(2);
        assertThat(store.count("/ab")).isEqualTo(1);
        assertThat(store.count("")).isEqualTo(3);
    }

    // ---------------------------------------------------------------- compaction

    @Test
    void compactionKeepsLatestValuesAndDropsHistory() {
        KeyValue a1 = store.create("/k/a", bytes("a1"));
        KeyValue a2 = store.update("/k/a", bytes("a2"), a1.modRevision());
        KeyValue b1 = store.create("/k/b", bytes("b1"));
        store.delete("/k/b", b1.modRevision());
        KeyValue c1 = store.create("/k/c", bytes("c1"));
        long target = store.currentRevision();

        assertThat(store.compact(target)).isEqualTo(target);

        assertThat(store.compactedRevision()).isEqualTo(target);
        assertThat(store.get("/k/a")).contains(a2);
        assertThat(store.get("/k/b")).isEmpty();
        assertThat(store.get("/k/c")).contains(c1);
        assertThat(store.list("/k/", null, 0, 0).items()).containsExactly(a2, c1);
        assertThat(store.count("/k/")).isEqualTo(2);
        assertThat(store.currentRevision()).as("compaction is not a write").isEqualTo(target);

        KeyValue a3 = store.update("/k/a", bytes("a3"), a2.modRevision());
        assertThat(a3.modRevision()).isEqualTo(target + 1);
        assertThat(store.list("/k/", null, 0, a3.modRevision()).items()).containsExactly(a3, c1);
        // the deleted key can come back
        assertThat(store.create("/k/b", bytes("b2")).createRevision()).isEqualTo(target + 2);
    }

    @Test
    void readsBeforeTheCompactedRevisionFailWhileItsOwnStateStaysReadable() {
        KeyValue a1 = store.create("/k/a", bytes("a1"));
        KeyValue a2 = store.update("/k/a", bytes("a2"), a1.modRevision());
        KeyValue b1 = store.create("/k/b", bytes("b1"));
        store.delete("/k/b", b1.modRevision());
        long target = store.currentRevision();
        KeyValue c1 = store.create("/k/c", bytes("c1"));
        store.compact(target);

        CompactedException before = catchThrowableOfType(CompactedException.class,
                () -> store.list("/k/", null, 0, target - 1));
        assertThat(before.requestedRevision()).isEqualTo(target - 1);
        assertThat(before.compactedRevision()).isEqualTo(target);
        assertThatThrownBy(() -> store.list("/k/", null, 0, a1.modRevision())).isInstanceOf(CompactedException.class);

        assertThat(store.list("/k/", null, 0, target).items()).as("the compacted revision itself").containsExactly(a2);
        assertThat(store.list("/k/", null, 0, c1.modRevision()).items()).containsExactly(a2, c1);
    }

    @Test
    void compactingAtTheCurrentRevisionLeavesTheCurrentStateReadable() {
        KeyValue a1 = store.create("/k/a", bytes("a1"));
        KeyValue a2 = store.update("/k/a", bytes("a2"), a1.modRevision());
        long target = store.compact(store.currentRevision());

        ListResult page = store.list("/k/", null, 1, 0);
        assertThat(page.revision()).isEqualTo(target);
        assertThat(page.items()).containsExactly(a2);
        assertThat(store.list("/k/", "/k/a", 1, page.revision()).items()).isEmpty();
    }

    @Test
    void compactionNeverGoesBackwardsNorIntoTheFuture() {
        store.create("/k/a", bytes("1"));
        store.create("/k/b", bytes("1"));
        long target = store.currentRevision();
        store.compact(target);

        assertThat(store.compact(target - 1)).isEqualTo(target);
        assertThat(store.compact(target)).isEqualTo(target);
        assertThat(store.compactedRevision()).isEqualTo(target);
        assertThatThrownBy(() -> store.compact(store.currentRevision() + 1)).isInstanceOf(FutureRevisionException.class);
        assertThat(store.compactedRevision()).isEqualTo(target);
    }

    @Test
    void compactionInStepsKeepsEveryLiveKey() {
        Map<String, KeyValue> latest = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String key = "/s/" + (i % 7);
            KeyValue previous = latest.get(key);
            if (previous == null) {
                latest.put(key, store.create(key, bytes("v" + i)));
            } else if (i % 5 == 0) {
                store.delete(key, previous.modRevision());
                latest.remove(key);
            } else {
                latest.put(key, store.update(key, bytes("v" + i), previous.modRevision()));
            }
            if (i % 10 == 9) {
                store.compact(store.currentRevision() - 2);
            }
        }
        store.compact(store.currentRevision());

        assertThat(store.list("/s/", null, 0, 0).items()).containsExactlyInAnyOrderElementsOf(latest.values());
    }

    // ---------------------------------------------------------------- watch

    @Test
    void watchReplaysHistoryThenDeliversLiveEvents() throws Exception {
        long base = store.currentRevision();
        KeyValue a1 = store.create("/w/a", bytes("a1"));
        KeyValue a2 = store.update("/w/a", bytes("a2"), a1.modRevision());
        KeyValue b1 = store.create("/w/b", bytes("b1"));

        RecordingListener listener = listener();
        try (Watch ignored = store.watch("/w/", base, listener)) {
            listener.awaitRevision(b1.modRevision(), WAIT);
            long deletedAt = store.delete("/w/a", a2.modRevision());
            KeyValue c1 = store.create("/w/c", bytes("c1"));

            List<StoreEvent> events = listener.awaitRevision(c1.modRevision(), WAIT);
            assertThat(events).containsExactly(
                    new StoreEvent.Put(a1, null),
                    new StoreEvent.Put(a2, a1),
                    new StoreEvent.Put(b1, null),
                    new StoreEvent.Delete(a2, deletedAt),
                    new StoreEvent.Put(c1, null));
            assertThat(((StoreEvent.Put) events.get(0)).isCreate()).isTrue();
            assertThat(((StoreEvent.Put) events.get(1)).isCreate()).isFalse();
            assertThat(events).extracting(StoreEvent::key).containsExactly("/w/a", "/w/a", "/w/b", "/w/a", "/w/c");
        }
    }

    @Test
    void watchFromAMidRevisionStartsRightAfterIt() throws Exception {
        KeyValue a1 = store.create("/w/a", bytes("a1"));
        KeyValue a2 = store.update("/w/a", bytes("a2"), a1.modRevision());
        KeyValue a3 = store.update("/w/a", bytes("a3"), a2.modRevision());

        RecordingListener listener = listener();
        try (Watch ignored = store.watch("/w/", a1.modRevision(), listener)) {
            assertThat(listener.awaitRevision(a3.modRevision(), WAIT))
                    .containsExactly(new StoreEvent.Put(a2, a1), new StoreEvent.Put(a3, a2));
        }
    }

    @Test
    void watchFromTheCurrentRevisionDeliversOnlyNewEvents() throws Exception {
        store.create("/w/old", bytes("old"));
        RecordingListener listener = listener();
        try (Watch ignored = store.watch("/w/", store.currentRevision(), listener)) {
            KeyValue fresh = store.create("/w/new", bytes("new"));
            assertThat(listener.awaitRevision(fresh.modRevision(), WAIT)).containsExactly(new StoreEvent.Put(fresh, null));
        }
    }

    @Test
    void watchFromAFutureRevisionWaitsForIt() throws Exception {
        long after = store.currentRevision() + 2;
        RecordingListener listener = listener();
        try (Watch ignored = store.watch("/w/", after, listener)) {
            store.create("/w/1", bytes("1"));
            store.create("/w/2", bytes("2"));
            KeyValue third = store.create("/w/3", bytes("3"));
            assertThat(listener.awaitRevision(third.modRevision(), WAIT)).containsExactly(new StoreEvent.Put(third, null));
        }
    }

    @Test
    void watchSeesOnlyItsPrefix() throws Exception {
        long base = store.currentRevision();
        RecordingListener underA = listener();
        RecordingListener underAb = listener();
        try (Watch a = store.watch("/a/", base, underA); Watch ab = store.watch("/ab", base, underAb)) {
            store.create("/ab", bytes("x"));
            store.create("/abc/1", bytes("x"));
            KeyValue inA = store.create("/a/1", bytes("x"));
            store.create("/a", bytes("x"));
            KeyValue last = store.create("/ab/2", bytes("x"));

            assertThat(underAb.awaitRevision(last.modRevision(), WAIT)).extracting(StoreEvent::key)
                    .containsExactly("/ab", "/abc/1", "/ab/2");
            assertThat(underA.awaitRevision(inA.modRevision(), WAIT)).containsExactly(new StoreEvent.Put(inA, null));
            // the /ab watch saw the last write, so the /a/ watch had its chance to see stray events too
            assertThat(underA.events()).hasSize(1);
        }
    }

    @Test
    void watchesOnTheWholeKeySpaceSeeEverything() throws Exception {
        long base = store.currentRevision();
        RecordingListener listener = listener();
        try (Watch ignored = store.watch("", base, listener)) {
            store.create("/x", bytes("1"));
            KeyValue y = store.create("/y/z", bytes("2"));
            assertThat(listener.awaitRevision(y.modRevision(), WAIT)).extracting(StoreEvent::key).containsExactly("/x", "/y/z");
        }
    }

    @Test
    void watchWithConcurrentWritersHasNoGapAndNoDuplicate() throws Exception {
        int writers = 4;
        int rounds = 40;
        Map<Long, StoreEvent> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch warmedUp = new CountDownLatch(40);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        RecordingListener listener = listener();
        Watch watch = null;
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        String key = "/c/" + writer + "/" + i;
                        KeyValue created = store.create(key, bytes("c" + i));
                        acknowledged.put(created.modRevision(), new StoreEvent.Put(created, null));
                        warmedUp.countDown();
                        KeyValue updated = store.update(key, bytes("u" + i), created.modRevision());
                        acknowledged.put(updated.modRevision(), new StoreEvent.Put(updated, created));
                        warmedUp.countDown();
                        if (i % 3 == 0) {
                            long deletedAt = store.delete(key, updated.modRevision());
                            acknowledged.put(deletedAt, new StoreEvent.Delete(updated, deletedAt));
                        }
                    }
                    return null;
                }));
            }
            assertThat(warmedUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // start in the past while writes continue: part replay, part live
            long from = store.currentRevision() - 20;
            watch = store.watch("/c/", from, listener);
            for (Future<?> f : results) {
                f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            long last = store.currentRevision();

            List<StoreEvent> events = listener.awaitRevision(last, WAIT);

            assertThat(events).extracting(StoreEvent::revision)
                    .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, last).boxed().toList());
            for (StoreEvent event : events) {
                assertThat(event).isEqualTo(acknowledged.get(event.revision()));
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            if (watch != null) {
                watch.close();
            }
        }
    }

    @Test
    void watchFromACompactedRevisionFails() throws Exception {
        long base = store.currentRevision();
        KeyValue a1 = store.create("/w/a", bytes("a1"));
        KeyValue a2 = store.update("/w/a", bytes("a2"), a1.modRevision());
        long target = store.currentRevision();
        store.compact(target);

        CompactedException e = catchThrowableOfType(CompactedException.class,
                () -> store.watch("/w/", base, listener()));
        assertThat(e.requestedRevision()).isEqualTo(base);
        assertThat(e.compactedRevision()).isEqualTo(target);
        assertThatThrownBy(() -> store.watch("/w/", target - 1, listener())).isInstanceOf(CompactedException.class);

        // right at the compacted revision is fine: everything after it is still there
        RecordingListener listener = listener();
        try (Watch ignored = store.watch("/w/", target, listener)) {
            KeyValue a3 = store.update("/w/a", bytes("a3"), a2.modRevision());
            assertThat(listener.awaitRevision(a3.modRevision(), WAIT)).containsExactly(new StoreEvent.Put(a3, a2));
        }
    }

    @Test
    void closedWatchGetsNothingMore() throws Exception {
        long base = store.currentRevision();
        RecordingListener closing = listener();
        RecordingListener sentinel = listener();
        Watch closed = store.watch("/w/", base, closing);
        try (Watch ignored = store.watch("/w/", base, sentinel)) {
            KeyValue first = store.create("/w/1", bytes("1"));
            closing.awaitRevision(first.modRevision(), WAIT);

            closed.close();
            closed.close(); // idempotent
            KeyValue second = store.create("/w/2", bytes("2"));
            KeyValue third = store.create("/w/3", bytes("3"));
            sentinel.awaitRevision(third.modRevision(), WAIT);

            assertThat(closing.events()).containsExactly(new StoreEvent.Put(first, null));
            assertThat(closing.error()).as("closing is not an error").isNull();
            assertThat(sentinel.events()).hasSize(3).contains(new StoreEvent.Put(second, null));
        }
    }

    @Test
    void aListenerMayCloseItsWatchFromInsideACallback() throws Exception {
        long base = store.currentRevision();
        List<StoreEvent> seen = new ArrayList<>();
        Watch[] self = new Watch[1];
        CountDownLatch closedItself = new CountDownLatch(1);
        WatchListener closer = new WatchListener() {
            @Override
            public void onEvent(StoreEvent event) {
                synchronized (seen) {
                    seen.add(event);
                }
                synchronized (self) {
                    self[0].close();
                }
                closedItself.countDown();
            }

            @Override
            public void onError(StoreException error) {
                throw new AssertionError("unexpected onError", error);
            }
        };
        RecordingListener sentinel = listener();
        try (Watch ignored = store.watch("/w/", base, sentinel)) {
            synchronized (self) {
                self[0] = store.watch("/w/", base, closer);
            }
            store.create("/w/1", bytes("1"));
            assertThat(closedItself.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            KeyValue second = store.create("/w/2", bytes("2"));
            sentinel.awaitRevision(second.modRevision(), WAIT);
            synchronized (seen) {
                assertThat(seen).hasSize(1);
            }
        }
    }

    @Test
    void closingTheStoreEndsItsWatchesAndItsService() throws Exception {
        RecordingListener listener = listener();
        store.watch("/w/", store.currentRevision(), listener);

        store.close();

        assertThat(listener.awaitError(WAIT)).isInstanceOf(StoreUnavailableException.class);
        store.close(); // idempotent
        assertThatThrownBy(() -> store.get("/w/1")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.create("/w/1", bytes("1"))).isInstanceOf(StoreUnavailableException.class);
    }

    // ---------------------------------------------------------------- durability

    @Test
    void reopeningKeepsDataHistoryAndRevision() throws Exception {
        KeyValue a1 = store.create("/d/a", bytes("a1"));
        KeyValue a2 = store.update("/d/a", bytes("a2"), a1.modRevision());
        KeyValue b1 = store.create("/d/b", bytes("b1"));
        long compacted = store.compact(a1.modRevision());
        long deletedAt = store.delete("/d/b", b1.modRevision());
        KeyValue c1 = store.create("/d/c", bytes("c1"));
        long revision = store.currentRevision();

        store = reopen(store);

        assertThat(store.currentRevision()).isEqualTo(revision);
        assertThat(store.compactedRevision()).isEqualTo(compacted);
        assertThat(store.get("/d/a")).contains(a2);
        assertThat(store.get("/d/b")).isEmpty();
        assertThat(store.list("/d/", null, 0, 0).items()).containsExactly(a2, c1);
        assertThat(store.list("/d/", null, 0, b1.modRevision()).items()).containsExactly(a2, b1);
        KeyValue next = store.create("/d/e", bytes("e"));
        assertThat(next.modRevision()).isEqualTo(revision + 1);

        RecordingListener listener = listener();
        try (Watch ignored = store.watch("/d/", b1.modRevision(), listener)) {
            assertThat(listener.awaitRevision(next.modRevision(), WAIT)).containsExactly(
                    new StoreEvent.Delete(b1, deletedAt), new StoreEvent.Put(c1, null), new StoreEvent.Put(next, null));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A listener whose contract breaches fail the test at the end. */
    protected RecordingListener listener() {
        RecordingListener listener = new RecordingListener();
        listeners.add(listener);
        return listener;
    }

    /** Another store the test closes at the end. */
    protected Store track(Store another) {
        extraStores.add(another);
        return another;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
