package io.tugboat.runtime;

import java.nio.file.Path;

/** A bind mount of a host file or directory at {@code containerPath} inside the container's mount namespace. */
public record Mount(Path hostPath, String containerPath, boolean readOnly) {
}
