package io.tugboat.store.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.store.KeyValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives kill -9 of the process that made it. */
class SqliteCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ACKS_BEFORE_KILL = 400;
    private static final String EOF = "";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path file = dir.resolve("crash.db");
        // sqlite-jdbc unpacks its native library to a temp dir and removes it only on an orderly exit,
        // which the child never gets: keep it in the test's directory, which JUnit deletes.
        Process child = new ProcessBuilder(javaBinary(), "-Dorg.sqlite.tmpdir=" + dir, "-cp", testClassPath(),
                CrashWriter.class.getName(), file.toString(), "8")
                .redirectError(dir.resolve("child.log").toFile())
                .start();
        Map<String, Ack> acked = new HashMap<>();
        try {
            BlockingQueue<String> lines = pump(child);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (acked.size() < ACKS_BEFORE_KILL) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(line).as("acknowledgements within %s (child log: %s)", WAIT, dir.resolve("child.log"))
                        .isNotNull().isNotEqualTo(EOF);
                Ack.parse(line).ifPresent(a -> acked.put(a.key, a));
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
            assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            // what the child printed before it died was acknowledged too
            for (String line; !(line = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).equals(EOF); ) {
                Ack.parse(line).ifPresent(a -> acked.put(a.key, a));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        try (SqliteStore store = new SqliteStore(file)) {
            long maxAcked = acked.values().stream().mapToLong(Ack::revision).max().orElseThrow();
            assertThat(store.currentRevision()).isGreaterThanOrEqualTo(maxAcked);
            for (Ack ack : acked.values()) {
                KeyValue kv = store.get(ack.key).orElseThrow(() -> new AssertionError("lost " + ack));
                assertThat(new String(kv.value(), UTF_8)).isEqualTo(ack.value);
                assertThat(kv.modRevision()).isEqualTo(ack.revision);
            }
            assertThat(store.count("/crash/")).isGreaterThanOrEqualTo(acked.size());
            // and the store goes on from where it stopped
            long revision = store.currentRevision();
            assertThat(store.create("/after", new byte[0]).modRevision()).isEqualTo(revision + 1);
        }
    }

    /** Reads the child's stdout on a virtual thread, so that every wait on it here is bounded. */
    private static BlockingQueue<String> pump(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the pipe broke with the child: same as the end of its output
            } finally {
                lines.add(EOF);
            }
        });
        return lines;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire runs tests from a manifest-only jar; it passes the real class path in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private record Ack(String key, long revision, String value) {
        /** A complete line, or nothing for the torn last line of a killed process. */
        static Optional<Ack> parse(String line) {
            String[] parts = line.split(" ");
            if (parts.length != 5 || !parts[0].equals("ACK") || !parts[4].equals(".")) {
                return Optional.empty();
            }
            return Optional.of(new Ack(parts[1], Long.parseLong(parts[2]), parts[3]));
        }
    }
}
