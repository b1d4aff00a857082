package io.tugboat.runtime.process;

import io.tugboat.runtime.Mount;
import io.tugboat.runtime.RuntimeFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds argv[0] before anything starts, as runc does, so that a typo is an event ("executable file not found in
 * $PATH") and not a container that exits 127. Paths inside the container's bind mounts are looked up in their
 * host source.
 */
final class ExecutableLookup {

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ExecutableLookup() {
    }

    static void check(String argv0, String pathEnv, String workingDir, List<Mount> mounts) throws RuntimeFailure {
        if (argv0.isEmpty()) {
            throw new RuntimeFailure("exec: no command given");
        }
        if (argv0.contains("/")) {
            Path p = Path.of(workingDir).resolve(argv0);
            Path host = onHost(p, mounts);
            if (!Files.exists(host)) {
                throw new RuntimeFailure("exec: \"" + argv0 + "\": stat " + argv0 + ": no such file or directory");
            }
            if (Files.isDirectory(host) || !Files.isExecutable(host)) {
                throw new RuntimeFailure("exec: \"" + argv0 + "\": permission denied");
            }
            return;
        }
        for (String dir : pathEnv.split(":", -1)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir);
            Path host = onHost(Path.of(workingDir).resolve(p).resolve(argv0), mounts);
            if (Files.isRegularFile(host) && Files.isExecutable(host)) {
                return;
            }
        }
        throw new RuntimeFailure("exec: \"" + argv0 + "\": executable file not found in $PATH");
    }

    /** The host path behind {@code p}: the source of the innermost bind mount covering it, or {@code p} itself. */
    static Path onHost(Path p, List<Mount> mounts) {
        Path normal = p.normalize();
        Mount best = null;
        for (Mount m : mounts) {
            Path target = Path.of(m.containerPath()).normalize();
            if (normal.startsWith(target)
                    && (best == null || target.getNameCount() > Path.of(best.containerPath()).getNameCount())) {
                best = m;
            }
        }
        if (best == null) {
            return normal;
        }
        Path rest = Path.of(best.containerPath()).normalize().relativize(normal);
        return rest.toString().isEmpty() ? best.hostPath() : best.hostPath().resolve(rest);
    }
}
