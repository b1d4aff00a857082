package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.tugboat.client.events.PodEventRecorder;
import io.tugboat.agent.probes.ProbeResult;
import io.tugboat.agent.probes.Prober;
import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.RuntimeFailure;
import io.tugboat.runtime.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful termination as Kubernetes defines it: every running container's preStop hook, then SIGTERM,
 * then SIGKILL when the grace period (deletionGracePeriodSeconds, else terminationGracePeriodSeconds,
 * else 30 s) runs out, the hook's time counting against it. Then the sandbox goes.
 */
final class PodTerminator {

    private static final Logger log = LoggerFactory.getLogger(PodTerminator.class);

    private final ContainerRuntime runtime;
    private final PodEventRecorder events;
    private final Prober prober;
    private final Clock clock;
    /** The deadline of each pod being terminated now, by uid, so that a shorter grace (a force delete) can cut it. */
    private final Map<String, Instant> deadlines = new ConcurrentHashMap<>();
    private final Map<String, PodRecord> terminating = new ConcurrentHashMap<>();

    PodTerminator(ContainerRuntime runtime, PodEventRecorder events, Prober prober, Clock clock) {
        this.runtime = runtime;
        this.events = events;
        this.prober = prober;
        this.clock = clock;
    }

    Duration grace(Pod pod) {
        if (pod == null) {
            return Duration.ofSeconds(30);
        }
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
    }

    void terminate(PodRecord record, Pod pod) {
        terminate(record, pod, null);
    }

    /** Stops everything of the pod; {@code cap} bounds the grace (an agent shutting down), null for none. */
    void terminate(PodRecord record, Pod pod, Duration cap) {
        Duration grace = grace(pod != null ? pod : record.pod);
        if (cap != null && grace.compareTo(cap) > 0) {
            grace = cap;
        }
        Instant deadline = clock.instant().plus(grace);
        deadlines.put(record.uid, deadline);
        terminating.put(record.uid, record);
        try {
            stopAll(record, grace, deadline);
        } finally {
            deadlines.remove(record.uid);
            terminating.remove(record.uid);
        }
    }

    /**
     * The pod's grace period was cut while it terminates (deleted again with a shorter grace, or force-deleted): its
     * containers are killed when the shorter period ends, as the kubelet does, not when the first one would have.
     */
    void shorten(String uid, Duration grace) {
        Instant cut = clock.instant().plus(grace);
        Instant current = deadlines.get(uid);
        PodRecord record = terminating.get(uid);
        if (current == null || record == null || !cut.isBefore(current)) {
            return;
        }
        deadlines.put(uid, cut);
        Thread.ofVirtual().name("kill-" + uid).start(() -> {
            try {
                Thread.sleep(Duration.between(clock.instant(), cut).isNegative() ? Duration.ZERO : Duration.between(clock.instant(), cut));
            } catch (InterruptedException e) {
                return;
            }
            if (terminating.get(uid) == record) {
                for (ContainerRecord c : record.current.values()) {
                    if (c.running()) {
                        runtime.signal(c.id, Signal.KILL);
                    }
                }
            }
        });
    }

    private void stopAll(PodRecord record, Duration grace, Instant deadline) {
        List<Thread> stoppers = new ArrayList<>();
        for (ContainerRecord c : record.current.values()) {
            c.stopProbes();
            if (!c.running()) {
                continue;
            }
            Container spec = container(record.pod, c.name);
            stoppers.add(Thread.ofVirtual().name("stop-" + c.id).start(() -> stop(record, c, spec, deadline)));
        }
        for (Thread t : stoppers) {
            try {
                t.join(grace.plusSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // containers first: their cgroups live inside the sandbox's
        for (ContainerRecord c : record.current.values()) {
            runtime.removeContainer(c.id);
        }
        for (ContainerRecord c : record.previous.values()) {
            runtime.removeContainer(c.id);
        }
        releaseSandbox(record);
    }

    private void stop(PodRecord record, ContainerRecord c, Container spec, Instant deadline) {
        if (record.pod != null) {
            events.normal(record.pod, c.name, "Killing", "Stopping container " + c.name);
        }
        if (spec != null && spec.getLifecycle() != null && spec.getLifecycle().getPreStop() != null) {
            runPreStop(record, c, spec, spec.getLifecycle().getPreStop(), deadline);
        }
        Duration left = Duration.between(clock.instant(), deadline);
        try {
            c.status = runtime.stopContainer(c.id, left.isNegative() ? Duration.ZERO : left);
        } catch (RuntimeFailure e) {
            log.warn("cannot stop container {}: {}", c.id, e.getMessage());
        }
    }

    private void runPreStop(PodRecord record, ContainerRecord c, Container spec, LifecycleHandler hook, Instant deadline) {
        long seconds = Math.max(1, Duration.between(clock.instant(), deadline).toSeconds());
        ProbeBuilder probe = new ProbeBuilder().withTimeoutSeconds((int) Math.min(Integer.MAX_VALUE, seconds));
        if (hook.getExec() != null) {
            probe.withExec(hook.getExec());
        } else if (hook.getHttpGet() != null) {
            probe.withHttpGet(hook.getHttpGet());
        } else if (hook.getSleep() != null) {
            long sleep = Math.min(hook.getSleep().getSeconds(), seconds);
            try {
                Thread.sleep(Duration.ofSeconds(sleep));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        } else {
            return;
        }
        ProbeResult result = prober.run(probe.build(), spec, c.id, record.podIp == null ? "127.0.0.1" : record.podIp);
        if (!result.success() && record.pod != null) {
            events.warning(record.pod, c.name, "FailedPreStopHook", "PreStopHook failed: " + result.output());
        }
    }

    void releaseSandbox(PodRecord record) {
        if (record.sandbox == null) {
            return;
        }
        try {
            runtime.removeSandbox(record.sandbox.id());
            record.sandbox = null;
        } catch (RuntimeFailure e) {
            log.warn("cannot remove sandbox of pod {}: {}", record.uid, e.getMessage());
        }
    }

    private static Container container(Pod pod, String name) {
        if (pod == null) {
            return null;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }
}
