package io.tugboat.agent.pods;

import io.tugboat.runtime.ContainerStatus;
import java.nio.file.Path;

/**
 * One instance of a pod's container, as the agent tracks it: its runtime id, attempt (restart count),
 * last known runtime status and the probe results that decide started and ready.
 */
final class ContainerRecord {
    final String name;
    final String id;
    final int attempt;
    final boolean init;
    final Path logFile;
    volatile ContainerStatus status;
    volatile boolean started;
    volatile boolean ready;
    volatile ProbeSet probes;
    volatile String unhealthy;

    ContainerRecord(String name, String id, int attempt, boolean init, Path logFile, ContainerStatus status) {
        this.name = name;
        this.id = id;
        this.attempt = attempt;
        this.init = init;
        this.logFile = logFile;
        this.status = status;
    }

    boolean running() {
        return status.running();
    }

    void stopProbes() {
        ProbeSet p = probes;
        if (p != null) {
            p.close();
            probes = null;
        }
    }
}
