package io.tugboat.runtime.cgroups;

import io.tugboat.runtime.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cgroup v1: a hierarchy per controller; Tugboat uses memory and cpu. The configured parent is placed below the
 * agent's own cgroup in each hierarchy, so an agent confined by its service manager keeps its pods inside that
 * confinement (and its accounting).
 */
final class CgroupsV1 implements Cgroups {

    private static final List<String> CONTROLLERS = List.of("memory", "cpu");

    private final List<Path> parents;

    CgroupsV1(Path root, String parent) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String controller : CONTROLLERS) {
            Path mount = root.resolve(controller);
            if (!Files.isDirectory(mount)) {
                throw new IOException("cgroup v1 controller " + controller + " is not mounted at " + mount);
            }
            dirs.add(mount.resolve(strip(ownPath(controller))).resolve(strip(parent)));
        }
        this.parents = List.copyOf(dirs);
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public List<Path> createSandbox(String sandboxId) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path parent : parents) {
            Path dir = parent.resolve(sandboxId);
            Files.createDirectories(dir);
            dirs.add(dir);
        }
        return dirs;
    }

    @Override
    public List<Path> createContainer(List<Path> sandboxDirs, String containerId, Resources r) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path sandboxDir : sandboxDirs) {
            Path dir = sandboxDir.resolve(containerId);
            Files.createDirectories(dir);
            dirs.add(dir);
            if (Files.exists(dir.resolve("memory.limit_in_bytes")) && r.memoryLimitBytes() > 0) {
                CgroupFiles.write(dir.resolve("memory.limit_in_bytes"), Long.toString(r.memoryLimitBytes()));
                // memory+swap at the same value: swap cannot be used to go over the limit.
                Path memsw = dir.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(memsw)) {
                    CgroupFiles.write(memsw, Long.toString(r.memoryLimitBytes()));
                }
            }
            if (Files.exists(dir.resolve("cpu.cfs_quota_us"))) {
                if (r.cpuLimitMillis() > 0) {
                    CgroupFiles.write(dir.resolve("cpu.cfs_period_us"), Long.toString(CgroupFiles.CPU_PERIOD_US));
                    CgroupFiles.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(CgroupFiles.quota(r.cpuLimitMillis())));
                }
                if (r.cpuRequestMillis() > 0) {
                    CgroupFiles.write(dir.resolve("cpu.shares"), Long.toString(CgroupFiles.shares(r.cpuRequestMillis())));
                }
            }
        }
        return dirs;
    }

    @Override
    public boolean oomKilled(List<Path> dirs) {
        for (Path dir : dirs) {
            Path control = dir.resolve("memory.oom_control");
            if (Files.exists(control)) {
                return CgroupFiles.keyed(control, "oom_kill").orElse(0) > 0;
            }
        }
        return false;
    }

    @Override
    public List<Path> parentDirs() {
        return parents;
    }

    @Override
    public void remove(List<Path> dirs) {
        CgroupFiles.remove(dirs);
    }

    /** This process's cgroup path in the hierarchy of {@code controller}, from /proc/self/cgroup. */
    private static String ownPath(String controller) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                return parts[2];
            }
        }
        return "/";
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}
