package io.tugboat.runtime.cgroups;

import io.tugboat.runtime.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v2: one unified tree. The parent sits below the root (not below the agent's own cgroup, which holds
 * processes and so may not delegate controllers: v2's no-internal-processes rule); memory and cpu are enabled
 * down the path.
 */
final class CgroupsV2 implements Cgroups {

    private final Path root;
    private final Path parent;

    CgroupsV2(Path root, String parent) {
        this.root = root;
        String p = parent;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        this.parent = root.resolve(p);
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public List<Path> createSandbox(String sandboxId) throws IOException {
        Path dir = parent.resolve(sandboxId);
        Files.createDirectories(dir);
        for (Path p = root; ; ) {
            enableControllers(p);
            if (p.equals(dir)) {
                break;
            }
            p = p.resolve(dir.getName(p.getNameCount()).toString());
        }
        return List.of(dir);
    }

    @Override
    public List<Path> createContainer(List<Path> sandboxDirs, String containerId, Resources r) throws IOException {
        Path dir = sandboxDirs.getFirst().resolve(containerId);
        Files.createDirectories(dir);
        if (r.memoryLimitBytes() > 0) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(r.memoryLimitBytes()));
            // v2 accounts swap on its own: none at all, or swap would stretch the limit.
            if (Files.exists(dir.resolve("memory.swap.max"))) {
                CgroupFiles.write(dir.resolve("memory.swap.max"), "0");
            }
        }
        if (r.cpuLimitMillis() > 0) {
            CgroupFiles.write(dir.resolve("cpu.max"),
                    CgroupFiles.quota(r.cpuLimitMillis()) + " " + CgroupFiles.CPU_PERIOD_US);
        }
        if (r.cpuRequestMillis() > 0) {
            long shares = CgroupFiles.shares(r.cpuRequestMillis());
            long weight = 1 + ((shares - 2) * 9999) / 262142; // the kubelet's shares -> weight mapping
            CgroupFiles.write(dir.resolve("cpu.weight"), Long.toString(weight));
        }
        return List.of(dir);
    }

    @Override
    public boolean oomKilled(List<Path> dirs) {
        return dirs.stream().anyMatch(d -> CgroupFiles.keyed(d.resolve("memory.events"), "oom_kill").orElse(0) > 0);
    }

    @Override
    public List<Path> parentDirs() {
        return List.of(parent);
    }

    @Override
    public void remove(List<Path> dirs) {
        CgroupFiles.remove(dirs);
    }

    private static void enableControllers(Path dir) throws IOException {
        String available = Files.readString(dir.resolve("cgroup.controllers"), StandardCharsets.US_ASCII);
        StringBuilder enable = new StringBuilder();
        for (String c : List.of("memory", "cpu")) {
            if (List.of(available.trim().split("\\s+")).contains(c)) {
                enable.append(enable.isEmpty() ? "" : " ").append('+').append(c);
            }
        }
        if (!enable.isEmpty()) {
            CgroupFiles.write(dir.resolve("cgroup.subtree_control"), enable.toString());
        }
    }
}
