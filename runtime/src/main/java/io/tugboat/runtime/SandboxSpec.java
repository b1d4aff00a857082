package io.tugboat.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a pod's sandbox needs.
 *
 * @param id          unique, stable, [a-z0-9-] at most 40 chars (the agent uses the pod uid)
 * @param hostname    the pod's hostname (its name, or spec.hostname)
 * @param hostNetwork share the node's network namespace (no IP of its own)
 * @param labels      kept with the sandbox and handed back by {@link ContainerRuntime#recover()}
 * @param files       files every container of the pod sees at a fixed path (e.g. /etc/hosts, /etc/resolv.conf);
 *                    bind-mounted read-only into each container's mount namespace
 */
public record SandboxSpec(String id, String hostname, boolean hostNetwork, Map<String, String> labels,
                          List<Mount> files) {
    public SandboxSpec {
        labels = Map.copyOf(labels);
        files = List.copyOf(files);
    }
}
