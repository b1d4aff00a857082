package io.tugboat.agent.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** hostPath's type field: what must already exist, and what the kubelet creates. */
final class HostPathCheck {

    private HostPathCheck() {
    }

    static Path prepare(Path path, String type) throws IOException, VolumeException {
        String t = type == null ? "" : type;
        switch (t) {
            case "" -> {
            }
            case "DirectoryOrCreate" -> Files.createDirectories(path);
            case "Directory" -> require(Files.isDirectory(path), path, "directory");
            case "FileOrCreate" -> {
                if (!Files.exists(path)) {
                    Files.createDirectories(path.getParent());
                    Files.createFile(path);
                }
            }
            case "File" -> require(Files.isRegularFile(path), path, "file");
            case "Socket", "CharDevice", "BlockDevice" -> require(Files.exists(path), path, t);
            default -> throw new VolumeException("hostPath type " + t + " is not valid");
        }
        return path;
    }

    private static void require(boolean ok, Path path, String what) throws VolumeException {
        if (!ok) {
            throw new VolumeException("hostPath type check failed: " + path + " is not a " + what);
        }
    }
}
