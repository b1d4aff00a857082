package io.tugboat.bench.jmh;

import io.tugboat.store.KeyValue;
import io.tugboat.store.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SqliteStore writes straight through the store API, no HTTP: durable create and CAS update of a
 * 300-byte value (about a small ConfigMap's JSON), in throughput and sampled-latency modes. Run with
 * {@code -t 1} for one writer (each write waits for its own fsync) and {@code -t 16} to see the group
 * commit batch concurrent writers into one fsync.
 *
 * <pre>bench/run jmh SqliteStoreBench -t 16</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class SqliteStoreBench {
    static final byte[] VALUE = new byte[300];

    private Path dir;
    private SqliteStore store;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("tugboat-jmh-sqlite-");
        store = new SqliteStore(dir.resolve("state.db"));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        deleteTree(dir);
    }

    /** Each thread updates a key of its own, carrying the revision it last wrote. */
    @State(Scope.Thread)
    public static class OwnKey {
        String key;
        long revision;

        @Setup(Level.Trial)
        public void create(SqliteStoreBench bench) {
            key = "/registry/configmaps/bench/own-" + Thread.currentThread().threadId() + "-" + System.nanoTime();
            revision = bench.store.create(key, VALUE).modRevision();
        }
    }

    @Benchmark
    public KeyValue create() {
        return store.create("/registry/configmaps/bench/cm-" + sequence.incrementAndGet(), VALUE);
    }

    @Benchmark
    public KeyValue update(OwnKey own) {
        KeyValue kv = store.update(own.key, VALUE, own.revision);
        own.revision = kv.modRevision();
        return kv;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
