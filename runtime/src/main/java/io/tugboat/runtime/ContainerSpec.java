package io.tugboat.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One container instance (one attempt: a restart is a new container with a new id).
 *
 * @param id         unique, stable, [a-z0-9-] at most 63 chars
 * @param sandboxId  the sandbox it joins
 * @param image      recorded only by the process runtime
 * @param argv       the resolved command line (command + args after $(VAR) expansion); argv[0] is looked
 *                   up on the PATH of {@code env} when it has no slash
 * @param env        the environment, in order; nothing of the agent's own environment leaks in
 *                   (the runtime adds PATH and HOSTNAME when absent, as a container runtime would)
 * @param workingDir empty for the runtime's default (the container's state directory)
 * @param mounts     bind mounts made in the container's own mount namespace (ignored when not isolated)
 * @param resources  limits enforced through cgroups (ignored when not isolated)
 * @param logFile    where stdout and stderr go, in the CRI log format, rotated by size
 * @param labels     kept and handed back by {@link ContainerRuntime#recover()}
 */
public record ContainerSpec(String id, String sandboxId, String name, String image, List<String> argv,
                            Map<String, String> env, String workingDir, List<Mount> mounts,
                            Resources resources, Path logFile, Map<String, String> labels) {
    public ContainerSpec {
        argv = List.copyOf(argv);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
    }
}
