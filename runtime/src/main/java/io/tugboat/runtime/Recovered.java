package io.tugboat.runtime;

import java.util.List;

/** What {@link ContainerRuntime#recover()} found on disk from a previous agent run. */
public record Recovered(List<Sandbox> sandboxes, List<ContainerStatus> containers) {
    public Recovered {
        sandboxes = List.copyOf(sandboxes);
        containers = List.copyOf(containers);
    }
}
