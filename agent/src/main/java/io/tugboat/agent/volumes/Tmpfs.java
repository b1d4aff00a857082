package io.tugboat.agent.volumes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** emptyDir with medium Memory: a tmpfs mounted on the volume's directory, sized by sizeLimit when given. */
final class Tmpfs {

    private Tmpfs() {
    }

    static void mount(Path dir, Quantity sizeLimit) throws IOException, VolumeException {
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeLimit != null) {
            cmd.add("-o");
            cmd.add("size=" + sizeLimit.getNumericalAmount().longValue());
        }
        cmd.add("tmpfs");
        cmd.add(dir.toString());
        run(cmd);
    }

    static void unmountIfMounted(Path dir) {
        try {
            if (Files.readString(Path.of("/proc/self/mounts")).contains(" " + dir.toAbsolutePath() + " ")) {
                run(List.of("umount", "-l", dir.toString()));
            }
        } catch (IOException | VolumeException e) {
            // the directory removal that follows reports what is left
        }
    }

    private static void run(List<String> cmd) throws IOException, VolumeException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VolumeException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VolumeException("interrupted");
        }
        if (p.exitValue() != 0) {
            throw new VolumeException(String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes()).strip());
        }
    }
}
