package io.tugboat.runtime.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small helpers over cgroup control files, shared by both versions. */
final class CgroupFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupFiles.class);

    private CgroupFiles() {
    }

    static void write(Path file, String value) throws IOException {
        // cgroup files take one write(2) each; Files.writeString does exactly that for short values.
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The number after {@code key} in a flat keyed file such as memory.oom_control or memory.events. */
    static OptionalLong keyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {} from {}: {}", key, file, e.toString());
        }
        return OptionalLong.empty();
    }

    /** rmdir of each directory, retried for up to a second: the kernel frees a cgroup shortly after its last task. */
    static void remove(List<Path> dirs) {
        for (Path dir : dirs) {
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (NoSuchFileException e) {
                    break;
                } catch (IOException e) {
                    if (attempt >= 20) {
                        LOG.warn("cannot remove cgroup {}: {}", dir, e.toString());
                        break;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** CPU shares from a request in millicores, as the kubelet computes them (min 2). */
    static long shares(long millis) {
        return Math.max(2, millis * 1024 / 1000);
    }

    static final long CPU_PERIOD_US = 100_000;

    /** CFS quota in microseconds per {@link #CPU_PERIOD_US}, at least 1 ms as the kernel requires. */
    static long quota(long millis) {
        return Math.max(1000, millis * CPU_PERIOD_US / 1000);
    }
}
