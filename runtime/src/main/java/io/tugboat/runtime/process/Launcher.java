package io.tugboat.runtime.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command lines that put a container or an exec into its namespaces. Nothing here forks more than
 * once: setsid(1), nsenter(1) without --pid and unshare(1) without --pid/--fork all exec in place, so the pid the
 * JVM sees is the shim's, and the shim leads its own process group (setsid) for signals to the whole container.
 */
final class Launcher {

    private final Path shim;
    private final Path execShim;
    private final String setsid = HostCommand.find("setsid");
    private final String nsenter = HostCommand.find("nsenter");
    private final String unshare = HostCommand.find("unshare");

    Launcher(Path binDir) throws IOException {
        this.shim = install(binDir, "shim.sh");
        this.execShim = install(binDir, "exec.sh");
    }

    /**
     * The container's command line. {@code netns} and {@code utsFile} are null for host networking; {@code
     * mountNamespace} gives it a private mount namespace (isolation on).
     */
    List<String> run(Path containerDir, String netns, String utsFile, boolean mountNamespace, List<Path> cgroupProcs,
                     String workingDir, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of(setsid));
        if (netns != null) {
            cmd.addAll(List.of(nsenter, "--net=" + netns, "--uts=" + utsFile));
        }
        if (mountNamespace) {
            // slave: mounts the node makes later (volumes) still show up inside; ours do not leak out.
            cmd.addAll(List.of(unshare, "--mount", "--propagation", "slave"));
        }
        cmd.addAll(List.of("/bin/sh", shim.toString(), containerDir.toString(), join(cgroupProcs), workingDir, "--"));
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * An exec's command line; {@code nsPid} is the container's shim when isolated, else 0; {@code ttySize} is
     * "rows columns" for a terminal (set by stty before the command runs: pty4j sizes the terminal only after
     * the child has started, too late for a command that asks at once), else empty.
     */
    List<String> exec(long nsPid, boolean newSession, List<Path> cgroupProcs, String workingDir, String ttySize,
                      List<String> argv) {
        List<String> cmd = new ArrayList<>();
        if (newSession) {
            cmd.add(setsid);
        }
        if (nsPid > 0) {
            cmd.addAll(List.of(nsenter, "-t", Long.toString(nsPid), "--net", "--uts", "--mount"));
        }
        cmd.addAll(List.of("/bin/sh", execShim.toString(), join(cgroupProcs), workingDir, ttySize, "--"));
        cmd.addAll(argv);
        return cmd;
    }

    private static String join(List<Path> files) {
        return String.join(":", files.stream().map(Path::toString).toList());
    }

    /** Copies a script from the jar to the state directory, atomically: a running shim keeps its old copy. */
    private static Path install(Path binDir, String name) throws IOException {
        java.nio.file.Files.createDirectories(binDir);
        Path target = binDir.resolve(name);
        try (InputStream in = Launcher.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the runtime jar");
            }
            StateStore.writeAtomically(target, in.readAllBytes());
        }
        return target;
    }
}
