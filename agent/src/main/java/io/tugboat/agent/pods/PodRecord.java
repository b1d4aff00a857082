package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.Sandbox;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the agent knows about one pod it runs. Only the pod's sync (one at a time per pod, through the
 * work queue) changes it; probes and streams read its volatile parts.
 */
final class PodRecord {
    final String uid;
    volatile Pod pod;
    volatile Sandbox sandbox;
    volatile String podIp;
    Instant startTime;
    final Map<String, ContainerRecord> current = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, ContainerRecord> previous = new java.util.concurrent.ConcurrentHashMap<>();
    final RestartBackoff backoff;
    final Map<String, String> waitingReason = new HashMap<>();
    final Map<String, String> waitingMessage = new HashMap<>();
    String lastReported;
    /** The status last written; the informer's copy may lag it, and is never modified. */
    io.fabric8.kubernetes.api.model.PodStatus lastStatus;
    boolean imageEventsSent;

    PodRecord(String uid, Pod pod, RestartBackoff backoff) {
        this.uid = uid;
        this.pod = pod;
        this.backoff = backoff;
    }

    String namespace() {
        return pod.getMetadata().getNamespace();
    }

    String name() {
        return pod.getMetadata().getName();
    }

    /** The attempt number the next instance of a container gets: one more than any seen. */
    int nextAttempt(String container) {
        ContainerRecord c = current.get(container);
        return c == null ? 0 : c.attempt + 1;
    }

    static boolean exitedOk(ContainerStatus status) {
        return !status.running() && status.exitCode().orElse(-1) == 0;
    }
}
