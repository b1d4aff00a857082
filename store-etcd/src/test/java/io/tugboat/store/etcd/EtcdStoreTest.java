package io.tugboat.store.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tugboat.store.CompactedException;
import io.tugboat.store.KeyValue;
import io.tugboat.store.RecordingListener;
import io.tugboat.store.StoreUnavailableException;
import io.tugboat.store.Watch;
import io.tugboat.testkit.EtcdServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What only the etcd engine has to get right: other clients, key prefixes, and etcd going away. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtcdStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private EtcdServer etcd;

    @BeforeAll
    void startEtcd() {
        etcd = EtcdServer.start();
    }

    @AfterAll
    void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void aCompactionByAnotherClientIsSeenExactly() throws Exception {
        try (EtcdStore mine = open("/mine/"); EtcdStore theirs = open("/theirs/")) {
            KeyValue a1 = mine.create("/a", bytes("1"));
            KeyValue a2 = mine.update("/a", bytes("2"), a1.modRevision());
            long target = theirs.create("/b", bytes("x")).modRevision();
            mine.create("/c", bytes("3"));

            assertThat(theirs.compact(target)).isEqualTo(target);

            assertThat(mine.compactedRevision()).isEqualTo(target);
            CompactedException e = catchThrowableOfType(CompactedException.class,
                    () -> mine.list("/", null, 0, target - 1));
            assertThat(e.compactedRevision()).isEqualTo(target);
            assertThat(mine.list("/", null, 0, target).items()).containsExactly(a2);
            assertThatThrownBy(() -> mine.watch("/", target - 1, new RecordingListener()))
                    .isInstanceOf(CompactedException.class);
            assertThat(mine.compact(target - 1)).isEqualTo(target);
        }
    }

    @Test
    void keyPrefixesKeepStoresApartAndNeverShow() {
        try (EtcdStore one = open("/one/"); EtcdStore two = open("/two/"); EtcdStore whole = open("")) {
            one.create("/k", bytes("1"));
            two.create("/k", bytes("2"));

            assertThat(one.list("", null, 0, 0).items()).extracting(KeyValue::key).containsExactly("/k");
            assertThat(new String(two.get("/k").orElseThrow().value(), UTF_8)).isEqualTo("2");
            assertThat(one.count("")).isEqualTo(1);
            assertThat(whole.get("/one//k")).isPresent();
            assertThat(whole.list("/two/", null, 0, 0).items()).extracting(KeyValue::key).containsExactly("/two//k");
        }
    }

    @Test
    void etcdGoingAwayMakesTheStoreUnavailableAndEndsWatches() throws Exception {
        EtcdServer doomed = EtcdServer.start();
        try (EtcdStore store = new EtcdStore(EtcdStoreConfig.of(doomed.clientEndpoints())
                .withRequestTimeout(Duration.ofSeconds(2)))) {
            store.create("/a", bytes("1"));
            RecordingListener listener = new RecordingListener();
            Watch watch = store.watch("/", store.currentRevision(), listener);
            try {
                doomed.close();

                assertThat(listener.awaitError(WAIT)).isInstanceOf(StoreUnavailableException.class);
                long start = System.nanoTime();
                assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> store.create("/b", bytes("2"))).isInstanceOf(StoreUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
                assertThat(listener.violations()).isEmpty();
            } finally {
                watch.close();
            }
        } finally {
            doomed.close();
        }
    }

    private EtcdStore open(String prefix) {
        return new EtcdStore(EtcdStoreConfig.of(etcd.clientEndpoints()).withKeyPrefix(prefix));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
