package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.tugboat.agent.probes.ProbeResult;
import io.tugboat.agent.probes.Prober;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The startup, liveness and readiness probes of one container instance, each on its period after its
 * initial delay, with success and failure thresholds. Liveness and readiness wait for startup to succeed.
 * A change of started/ready, and a liveness failure, are reported to the pod's sync.
 */
final class ProbeSet implements AutoCloseable {

    /** What the sync learns from the probes. */
    interface Listener {
        void changed();

        void livenessFailed(String output);

        void unhealthy(String probe, String output);
    }

    private final ContainerRecord record;
    private final Container container;
    private final Prober prober;
    private final String podAddress;
    private final Listener listener;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean startupDone;

    ProbeSet(ContainerRecord record, Container container, Prober prober, String podAddress, Listener listener) {
        this.record = record;
        this.container = container;
        this.prober = prober;
        this.podAddress = podAddress;
        this.listener = listener;
    }

    void start(ScheduledExecutorService timer) {
        startupDone = container.getStartupProbe() == null;
        record.started = startupDone;
        record.ready = startupDone && container.getReadinessProbe() == null;
        if (container.getStartupProbe() != null) {
            schedule(timer, container.getStartupProbe(), "Startup", (ok, out) -> {
                if (ok && !startupDone) {
                    startupDone = true;
                    record.started = true;
                    if (container.getReadinessProbe() == null) {
                        record.ready = true;
                    }
                    listener.changed();
                } else if (!ok) {
                    listener.livenessFailed("Container " + container.getName() + " failed startup probe, will be restarted");
                }
            });
        }
        if (container.getLivenessProbe() != null) {
            schedule(timer, container.getLivenessProbe(), "Liveness", (ok, out) -> {
                if (!ok) {
                    listener.livenessFailed("Container " + container.getName() + " failed liveness probe, will be restarted");
                }
            });
        }
        if (container.getReadinessProbe() != null) {
            schedule(timer, container.getReadinessProbe(), "Readiness", (ok, out) -> {
                if (record.ready != ok) {
                    record.ready = ok;
                    listener.changed();
                }
            });
        }
    }

    /** Runs a probe on its period; {@code onThreshold} hears (true) after successThreshold successes in a row, (false) after failureThreshold failures. */
    private void schedule(ScheduledExecutorService timer, Probe probe, String kind, BiConsumer<Boolean, String> onThreshold) {
        int period = positive(probe.getPeriodSeconds(), 10);
        int delay = probe.getInitialDelaySeconds() == null ? 0 : Math.max(0, probe.getInitialDelaySeconds());
        int successes = positive(probe.getSuccessThreshold(), 1);
        int failures = positive(probe.getFailureThreshold(), 3);
        boolean gated = !kind.equals("Startup");
        int[] streak = {0, 0};
        boolean[] busy = {false};
        Runnable attempt = () -> {
            if (closed || (gated && !startupDone) || !record.running()) {
                return;
            }
            synchronized (streak) {
                if (busy[0]) {
                    return;
                }
                busy[0] = true;
            }
            Thread.ofVirtual().name("probe-" + record.id).start(() -> {
                try {
                    ProbeResult result = prober.run(probe, container, record.id, podAddress);
                    if (closed) {
                        return;
                    }
                    synchronized (streak) {
                        if (result.success()) {
                            streak[0]++;
                            streak[1] = 0;
                        } else {
                            streak[1]++;
                            streak[0] = 0;
                        }
                    }
                    if (!result.success()) {
                        listener.unhealthy(kind, result.output());
                    }
                    if (result.success() && streak[0] >= successes) {
                        onThreshold.accept(true, "");
                    } else if (!result.success() && streak[1] >= failures) {
                        onThreshold.accept(false, result.output());
                    }
                } finally {
                    synchronized (streak) {
                        busy[0] = false;
                    }
                }
            });
        };
        synchronized (tasks) {
            if (!closed) {
                tasks.add(timer.scheduleAtFixedRate(attempt, delay * 1000L, period * 1000L, TimeUnit.MILLISECONDS));
            }
        }
    }

    private static int positive(Integer value, int otherwise) {
        return value == null || value <= 0 ? otherwise : value;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (tasks) {
            tasks.forEach(t -> t.cancel(false));
            tasks.clear();
        }
    }
}
