package io.tugboat.agent.volumes;

import java.nio.file.Path;
import java.util.Map;

/** The host directory (or file) behind each of a pod's volumes, by volume name. */
public record PodVolumes(Map<String, Path> paths) {
    public PodVolumes {
        paths = Map.copyOf(paths);
    }
}
