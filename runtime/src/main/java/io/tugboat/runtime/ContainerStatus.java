package io.tugboat.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A container as the runtime sees it.
 *
 * @param exitCode   set once EXITED: the process's code, or 128 + signal number when a signal ended it
 * @param reason     set once EXITED: "Completed" (code 0), "OOMKilled" (the cgroup's OOM killer ended it)
 *                   or "Error"
 */
public record ContainerStatus(String id, String sandboxId, Map<String, String> labels, State state, long pid,
                              Optional<Instant> startedAt, Optional<Instant> finishedAt,
                              Optional<Integer> exitCode, Optional<String> reason) {
    public ContainerStatus {
        labels = Map.copyOf(labels);
    }

    public enum State { RUNNING, EXITED }

    public boolean running() {
        return state == State.RUNNING;
    }
}
