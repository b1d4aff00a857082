package io.tugboat.agent.pods;

import io.tugboat.client.queue.Backoff;
import java.nio.file.Path;

/** What the pod sync needs to know of its node: its IP, where logs go, the node's size, restart back-off and DNS. */
public record PodSyncerConfig(String nodeIp, Path logsDir, long nodeCpuMillis, long nodeMemoryBytes,
                              Backoff restartBackoff, PodDnsSettings dns) {
    /** The kubelet's: 10 s doubling to 5 min. */
    public static final Backoff KUBELET_BACKOFF = new Backoff(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(5));
}
