package io.tugboat.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tugboat.store.KeyValue;
import io.tugboat.store.RecordingListener;
import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite engine promises: its file, its lock, its compaction and its watch backlog. */
class SqliteStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aSecondStoreOnTheSameFileIsRefusedUntilTheFirstCloses() {
        Path file = dir.resolve("s.db");
        try (SqliteStore first = new SqliteStore(file)) {
            first.create("/a", bytes("1"));
            assertThatThrownBy(() -> new SqliteStore(file)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("already open");
        }
        try (SqliteStore again = new SqliteStore(file)) {
            assertThat(again.get("/a")).isPresent();
        }
    }

    @Test
    void storesItsFileWhereToldCreatingDirectories() {
        Path file = dir.resolve("deep/er/s.db");
        try (SqliteStore store = new SqliteStore(file)) {
            assertThat(store.file()).isEqualTo(file.toAbsolutePath());
            assertThat(store.currentRevision()).isZero();
            assertThat(store.compactedRevision()).isZero();
        }
        assertThat(file).exists();
    }

    @Test
    void compactionDeletesSupersededRowsAndTombstonesInSteps() throws Exception {
        Path file = dir.resolve("c.db");
        try (SqliteStore store = new SqliteStore(file, SqliteStoreOptions.defaults().withCompactionStep(2))) {
            KeyValue a1 = store.create("/a", bytes("a1"));          // 1
            KeyValue a2 = store.update("/a", bytes("a2"), a1.modRevision()); // 2
            KeyValue b1 = store.create("/b", bytes("b1"));          // 3
            store.delete("/b", b1.modRevision());                   // 4
            KeyValue c1 = store.create("/c", bytes("c1"));          // 5
            KeyValue a3 = store.update("/a", bytes("a3"), a2.modRevision()); // 6
            KeyValue b2 = store.create("/b", bytes("b2"));          // 7

            assertThat(store.compact(5)).isEqualTo(5); // three steps: 2, 4, 5

            assertThat(rowIds(file)).containsExactly(2L, 5L, 6L, 7L);
            assertThat(store.list("", null, 0, 5).items()).containsExactly(a2, c1);
            assertThat(store.list("", null, 0, 0).items()).containsExactly(a3, b2, c1);

            assertThat(store.compact(7)).isEqualTo(7);
            assertThat(rowIds(file)).containsExactly(5L, 6L, 7L);
        }
    }

    @Test
    void aStuckListenerIsCutOffWithoutHoldingUpWriters() throws Exception {
        int backlog = 10;
        try (SqliteStore store = new SqliteStore(dir.resolve("w.db"),
                SqliteStoreOptions.defaults().withMaxWatchBacklog(backlog))) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger delivered = new AtomicInteger();
            RecordingListener after = new RecordingListener(); // records only the stuck watch's onError
            WatchListener stuck = new WatchListener() {
                @Override
                public void onEvent(StoreEvent event) {
                    delivered.incrementAndGet();
                    try {
                        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onError(StoreException error) {
                    after.onError(error);
                }
            };
            Watch watch = store.watch("/w/", 0, stuck);
            try {
                for (int i = 0; i < 3 * backlog; i++) {
                    store.create("/w/" + i, bytes("x")); // would hang if delivery held up the writer
                }
                release.countDown();

                StoreException error = after.awaitError(WAIT);
                assertThat(error).hasMessageContaining("fell more than " + backlog);
                assertThat(delivered.get()).as("nothing after the cut").isEqualTo(1);
            } finally {
                release.countDown();
                watch.close();
            }
        }
    }

    @Test
    void aHealthyWatchIsUnaffectedByAStuckOne() throws Exception {
        try (SqliteStore store = new SqliteStore(dir.resolve("h.db"),
                SqliteStoreOptions.defaults().withMaxWatchBacklog(5))) {
            CountDownLatch release = new CountDownLatch(1);
            WatchListener stuck = new WatchListener() {
                @Override
                public void onEvent(StoreEvent event) {
                    try {
                        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void onError(StoreException error) {
                }
            };
            RecordingListener healthy = new RecordingListener();
            Watch stuckWatch = store.watch("/w/", 0, stuck);
            Watch healthyWatch = store.watch("/w/", 0, healthy);
            try {
                KeyValue last = null;
                for (int i = 0; i < 4; i++) {
                    last = store.create("/w/" + i, bytes("x"));
                }
                assertThat(healthy.awaitRevision(last.modRevision(), WAIT)).hasSize(4);
            } finally {
                release.countDown(); // before closing: close waits for the listener call in progress
                stuckWatch.close();
                healthyWatch.close();
            }
        }
    }

    private static List<Long> rowIds(Path file) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM kv ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
