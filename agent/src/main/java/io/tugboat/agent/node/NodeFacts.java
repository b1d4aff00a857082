package io.tugboat.agent.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the machine has, read from the host: the numbers a Node's capacity is made of. */
public record NodeFacts(int cpus, long memoryBytes, long ephemeralStorageBytes, String kernelVersion, String osImage,
                        String architecture, String machineId, String bootId) {

    public static NodeFacts probe(Path agentDir) throws IOException {
        return new NodeFacts(Runtime.getRuntime().availableProcessors(), memTotal(),
                Files.getFileStore(agentDir).getTotalSpace(), firstLine(Path.of("/proc/sys/kernel/osrelease"), "unknown"),
                osPrettyName(), hostArchitecture(), firstLine(Path.of("/etc/machine-id"), ""),
                firstLine(Path.of("/proc/sys/kernel/random/boot_id"), ""));
    }

    private static long memTotal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String osPrettyName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // a host without os-release still runs pods
        }
        return System.getProperty("os.name");
    }

    private static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static String firstLine(Path file, String otherwise) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? otherwise : lines.get(0).strip();
        } catch (IOException e) {
            return otherwise;
        }
    }
}
