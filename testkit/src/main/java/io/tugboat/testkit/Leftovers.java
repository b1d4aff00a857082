package io.tugboat.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a cluster's node leaves on the host by design once its pods are gone (the CNI bridge, the empty
 * cgroup parents); a test removes them so that the machine is as it found it.
 */
final class Leftovers {

    private Leftovers() {
    }

    /** The node's service rules, which an agent that was killed and not restarted leaves in the kernel. */
    static void removeServiceRules(String bridge) {
        String table = "ip tugboat_" + bridge; // ServiceProxy.tableName
        Processes.run(List.of("sh", "-c", "nft list table " + table + " >/dev/null 2>&1 && nft delete table " + table + " || true"),
                java.util.Map.of(), Path.of("/"), null, java.time.Duration.ofSeconds(10));
    }

    static void removeBridge(String bridge) {
        if (!Files.exists(Path.of("/sys/class/net", bridge))) {
            return;
        }
        Processes.run(List.of("ip", "link", "del", bridge), java.util.Map.of(), Path.of("/"), null, java.time.Duration.ofSeconds(10));
    }

    /**
     * Kills, with SIGKILL, every process still in the cluster's pod cgroups: the last resort when the cluster's own
     * orderly stop could not run (it crashed and would not start again).
     */
    static int killPodProcesses(String parent) {
        int killed = 0;
        for (Path dir : cgroupDirs(parent)) {
            try (Stream<Path> procs = Files.walk(dir)) {
                for (Path file : procs.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                    for (String pid : Files.readAllLines(file)) {
                        if (!pid.isBlank()) {
                            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                            killed++;
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException | NumberFormatException e) {
                // a cgroup went while we looked
            }
        }
        return killed;
    }

    /** Unmounts whatever is still mounted under {@code dir} (a crashed node's namespace files) so it can be deleted. */
    static void unmountUnder(Path dir) {
        String prefix = dir.toAbsolutePath() + "/";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 1 && fields[1].startsWith(prefix)) {
                    Processes.run(List.of("umount", "-l", fields[1]), java.util.Map.of(), Path.of("/"), null,
                            java.time.Duration.ofSeconds(10));
                }
            }
        } catch (IOException e) {
            // no mount table: nothing was mounted
        }
    }

    /** The runtime names pod network namespaces tug-PARENT-SANDBOX; remove those of this cluster. */
    static void removeNetworkNamespaces(String parent) {
        Path netns = Path.of("/var/run/netns");
        if (!Files.isDirectory(netns)) {
            return;
        }
        try (Stream<Path> names = Files.list(netns)) {
            for (Path ns : names.toList()) {
                if (ns.getFileName().toString().startsWith("tug-" + parent.replaceAll("[^A-Za-z0-9]", "-") + "-")) {
                    Processes.run(List.of("ip", "netns", "del", ns.getFileName().toString()), java.util.Map.of(),
                            Path.of("/"), null, java.time.Duration.ofSeconds(10));
                }
            }
        } catch (IOException e) {
            // nothing to remove
        }
    }

    private static List<Path> cgroupDirs(String parent) {
        Path root = Path.of("/sys/fs/cgroup");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> found = Files.find(root, 5, (p, attrs) -> attrs.isDirectory()
                && p.getFileName() != null && p.getFileName().toString().equals(parent))) {
            return found.toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** The runtime puts pod cgroups under the agent's own cgroup, so look a few levels down for the parent. */
    static void removeCgroups(String parent) {
        cgroupDirs(parent).forEach(Leftovers::rmdirTree);
    }

    /**
     * cgroup directories are removed with rmdir, deepest first; their control files go with them. The kernel may
     * still be releasing a cgroup whose last process just exited (EBUSY), so a few rounds are tried.
     */
    private static void rmdirTree(Path dir) {
        for (int round = 0; round < 5 && Files.exists(dir); round++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> d.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a directory went while we walked: the next round sees what is left
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
