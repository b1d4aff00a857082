package io.tugboat.runtime.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ContainerLogsTest {

    @TempDir
    Path dir;

    private static void write(CriLogWriter w, String stream, boolean partial, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        w.write(stream, partial, b, 0, b.length);
    }

    private static String read(Path file, LogQuery query) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerLogs.write(file, query, out, () -> false);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void partialLinesAreJoinedPerStream() throws Exception {
        Path file = dir.resolve("c.log");
        try (CriLogWriter w = new CriLogWriter(file, 1 << 20, 2, Clock.fixed(Instant.parse("2024-05-01T10:00:00.5Z"), ZoneOffset.UTC))) {
            write(w, "stdout", true, "hel");
            write(w, "stderr", false, "oops");
            write(w, "stdout", false, "lo");
            write(w, "stdout", false, "");
        }
        assertThat(Files.readAllLines(file)).first().isEqualTo("2024-05-01T10:00:00.500000000Z stdout P hel");
        assertThat(read(file, LogQuery.all())).isEqualTo("oops\nhello\n\n");
        assertThat(read(file, new LogQuery(false, OptionalLong.of(1), Optional.empty(), true, OptionalLong.empty())))
                .isEqualTo("2024-05-01T10:00:00.500000000Z \n");
        assertThat(read(dir.resolve("missing.log"), LogQuery.all())).isEmpty();
    }

    @Test
    void followReadsAcrossRotationsUntilTheWriterIsDone() throws Exception {
        Path file = dir.resolve("f.log");
        CriLogWriter w = new CriLogWriter(file, 300, 4, Clock.systemUTC());
        AtomicBoolean writing = new AtomicBoolean(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> follower = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                ContainerLogs.write(file, new LogQuery(true, OptionalLong.empty(), Optional.empty(), false,
                        OptionalLong.empty()), out, writing::get);
                follower.complete(null);
            } catch (Exception e) {
                follower.completeExceptionally(e);
            }
        });
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            write(w, "stdout", false, "line " + i);
            expected.append("line ").append(i).append('\n');
            if (i % 3 == 0) {
                Thread.sleep(30); // slower than one rotation per poll, as a real container is
            }
        }
        w.close();
        writing.set(false);
        follower.get(10, TimeUnit.SECONDS);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(dir.resolve("f.log.3")).exists();
        assertThat(dir.resolve("f.log.4")).doesNotExist();
    }
}
