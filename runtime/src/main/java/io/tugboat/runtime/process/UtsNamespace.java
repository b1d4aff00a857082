package io.tugboat.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pod's UTS namespace kept alive without a pause process: unshare(1) binds it to a file, which nsenter(1)
 * later joins. The hostname is set once, inside it, through /proc (no hostname(1) needed).
 */
final class UtsNamespace {

    private final String unshare = HostCommand.find("unshare");
    private final String umount = HostCommand.find("umount");

    void create(Path file, String hostname) throws IOException {
        if (!hostname.matches("[A-Za-z0-9.-]{1,64}")) {
            throw new IOException("invalid hostname " + hostname);
        }
        remove(file); // a leftover from a crash mid-creation
        Files.createDirectories(file.getParent());
        Files.createFile(file);
        HostCommand.Result r = HostCommand.run(List.of(unshare, "--uts=" + file, "/bin/sh", "-c",
                "printf '%s' \"$1\" > /proc/sys/kernel/hostname", "sh", hostname));
        if (!r.ok()) {
            throw new IOException("cannot create UTS namespace: " + r.message());
        }
    }

    void remove(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        // Unmount until the file is no longer a mount point (a crash may have stacked more than one).
        for (int i = 0; i < 5; i++) {
            HostCommand.Result r = HostCommand.run(List.of(umount, file.toString()));
            if (!r.ok()) {
                break;
            }
        }
        Files.deleteIfExists(file);
    }
}
