package io.tugboat.agent.node;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kubelet's default hard eviction thresholds, read from the host: memory.available &lt; 100Mi,
 * nodefs.available &lt; 10%, and fewer than 5% of pid_max left.
 */
record HostPressure(boolean memory, boolean disk, boolean pids) {

    static HostPressure probe(Path agentDir) {
        return new HostPressure(memoryLow(), diskLow(agentDir), pidsLow());
    }

    private static boolean memoryLow() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 < 100L * 1024 * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static boolean diskLow(Path agentDir) {
        try {
            FileStore store = Files.getFileStore(agentDir);
            return store.getUsableSpace() < store.getTotalSpace() / 10;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean pidsLow() {
        try {
            long max = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
            long running;
            try (var entries = Files.list(Path.of("/proc"))) {
                running = entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
            }
            return max - running < max / 20;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
