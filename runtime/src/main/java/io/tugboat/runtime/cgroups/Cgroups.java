package io.tugboat.runtime.cgroups;

import io.tugboat.runtime.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resource control for pods and containers: one cgroup per sandbox under the configured parent, one per
 * container under its sandbox's. A cgroup is named by the list of its directories (one per v1 controller
 * hierarchy, a single one on v2); those lists are what the runtime keeps on disk, so a restarted agent
 * finds the same cgroups even if it now runs in another cgroup itself.
 */
public interface Cgroups {

    /** Picks v2 when the cgroup2 file system is mounted at {@code root}, v1 otherwise. */
    static Cgroups detect(Path root, String parent) throws IOException {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return new CgroupsV2(root, parent);
        }
        return new CgroupsV1(root, parent);
    }

    /** "v1" or "v2". */
    String version();

    /** Creates the sandbox's cgroup (idempotent). */
    List<Path> createSandbox(String sandboxId) throws IOException;

    /** Creates the container's cgroup below its sandbox's and writes its limits. */
    List<Path> createContainer(List<Path> sandboxDirs, String containerId, Resources resources) throws IOException;

    /** The files a process writes its pid to, to join the cgroup. */
    default List<Path> procsFiles(List<Path> dirs) {
        return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** True when the kernel's OOM killer killed a process in this cgroup. */
    boolean oomKilled(List<Path> dirs);

    /** Removes the cgroup once its processes are gone; waits a little for the kernel to let go of them. */
    void remove(List<Path> dirs);

    /** The parent's directories, which hold every sandbox's cgroup. */
    List<Path> parentDirs();

    /** Removes the parent's directories when no sandbox cgroup is left in them (a node that stopped every pod). */
    default void removeParentIfEmpty() {
        for (Path dir : parentDirs()) {
            try (var children = Files.list(dir)) {
                if (children.noneMatch(Files::isDirectory)) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException e) {
                // still in use, or already gone: nothing to tidy
            }
        }
    }
}
