package io.tugboat.runtime;

import java.util.Map;
import java.util.Optional;

/** A pod's sandbox as made: the IP is empty for host-network sandboxes and when isolation is off. */
public record Sandbox(String id, Map<String, String> labels, Optional<String> ip, boolean hostNetwork) {
    public Sandbox {
        labels = Map.copyOf(labels);
    }
}
