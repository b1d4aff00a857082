package io.tugboat.bench.jmh;

import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import io.tugboat.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Store-level watch dispatch on SqliteStore: one durable update, then wait until every one of
 * {@code watchers} store watches on its prefix has been handed the event (the listener only counts, as the
 * API server's watch handler only enqueues). With 0 watchers it is the bare write, so the difference is
 * the fan-out itself: the commit path offering the event to each watch and each watch's virtual thread
 * delivering it.
 *
 * <pre>bench/run jmh WatchDispatchBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class WatchDispatchBench {
    private static final String KEY = "/registry/configmaps/bench/fanout";

    @Param({"0", "1", "100", "1000"})
    public int watchers;

    private Path dir;
    private SqliteStore store;
    private final List<Watch> watches = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private volatile long target;
    private volatile Thread waiter;
    private long revision;
    private long expected;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tugboat-jmh-watch-");
        store = new SqliteStore(dir.resolve("state.db"));
        revision = store.create(KEY, SqliteStoreBench.VALUE).modRevision();
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvent(StoreEvent event) {
                if (delivered.incrementAndGet() >= target) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }

            @Override
            public void onError(StoreException error) {
                System.err.println("watch ended: " + error);
            }
        };
        for (int i = 0; i < watchers; i++) {
            watches.add(store.watch("/registry/configmaps/bench/", revision, listener));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        watches.forEach(Watch::close);
        store.close();
        SqliteStoreBench.deleteTree(dir);
    }

    @Benchmark
    public long updateAndFanOut() {
        waiter = Thread.currentThread();
        expected += watchers;
        target = expected;
        revision = store.update(KEY, SqliteStoreBench.VALUE, revision).modRevision();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < expected) {
            LockSupport.parkNanos(this, 1_000_000);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("watchers did not all get the event within 10 s");
            }
        }
        return revision;
    }
}
