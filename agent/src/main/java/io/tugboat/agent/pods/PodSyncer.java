package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tugboat.client.events.PodEventRecorder;
import io.tugboat.agent.probes.Prober;
import io.tugboat.agent.volumes.PodVolumes;
import io.tugboat.agent.volumes.VolumeBuilder;
import io.tugboat.agent.volumes.VolumeException;
import io.tugboat.api.Json;
import io.tugboat.client.queue.Backoff;
import io.tugboat.client.queue.WorkQueue;
import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.ContainerSpec;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.Mount;
import io.tugboat.runtime.RuntimeFailure;
import io.tugboat.runtime.Sandbox;
import io.tugboat.runtime.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's syncPod: one level-triggered step for one pod, by uid. It compares the pod the API wants
 * with what runs and acts: sandbox and volumes first, init containers one by one, then every app
 * container, restarting exited ones per restartPolicy with crash-loop back-off, killing unhealthy ones,
 * and, for a pod being deleted or gone, stopping everything gracefully and releasing the pod. Each step
 * ends with the pod's status written if it changed. The work queue guarantees one sync per pod at a time.
 */
public final class PodSyncer {

    private static final Logger log = LoggerFactory.getLogger(PodSyncer.class);

    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final PodSyncerConfig config;
    private final VolumeBuilder volumes;
    private final EnvResolver envResolver;
    private final ServiceLinks serviceLinks;
    private final PodEtcFiles etcFiles;
    private final PodEventRecorder events;
    private final Prober prober;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final WorkQueue<String> queue;
    private final PodStatusBuilder statusBuilder;
    private final PodTerminator terminator;
    private final Map<String, Pod> desired = new ConcurrentHashMap<>();
    private final Map<String, PodRecord> records = new ConcurrentHashMap<>();

    public PodSyncer(KubernetesClient client, ContainerRuntime runtime, PodSyncerConfig config, VolumeBuilder volumes,
                     PodEventRecorder events, ScheduledExecutorService timer, Clock clock, WorkQueue<String> queue,
                     ServiceLinks serviceLinks) {
        this.client = client;
        this.runtime = runtime;
        this.config = config;
        this.volumes = volumes;
        this.envResolver = new EnvResolver(client);
        this.serviceLinks = serviceLinks;
        this.etcFiles = new PodEtcFiles(config.dns());
        this.events = events;
        this.prober = new Prober(runtime);
        this.timer = timer;
        this.clock = clock;
        this.queue = queue;
        this.statusBuilder = new PodStatusBuilder(config.nodeIp());
        this.terminator = new PodTerminator(runtime, events, prober, clock);
    }

    /** The informer saw this pod (added or changed). */
    public void desired(Pod pod) {
        desired.put(pod.getMetadata().getUid(), pod);
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (grace != null) {
            // deleted again with a shorter grace while its termination runs: cut it short, not after the queue
            terminator.shorten(pod.getMetadata().getUid(), Duration.ofSeconds(Math.max(0, grace)));
        }
        queue.add(pod.getMetadata().getUid());
    }

    /** The informer saw this pod go. */
    public void gone(Pod pod) {
        desired.remove(pod.getMetadata().getUid());
        // gone from the API while still terminating means force-deleted: what is left is killed now
        terminator.shorten(pod.getMetadata().getUid(), Duration.ZERO);
        queue.add(pod.getMetadata().getUid());
    }

    /** Pods this agent runs or ran, for the streaming server and for shutdown. */
    Collection<PodRecord> records() {
        return records.values();
    }

    Optional<PodRecord> find(String namespace, String name) {
        return records.values().stream().filter(r -> r.pod != null && namespace.equals(r.namespace())
                && name.equals(r.name())).findFirst();
    }

    /** Takes back what a previous agent left running (see {@link PodRecovery}). */
    void adopt(PodRecord record) {
        records.put(record.uid, record);
        for (ContainerRecord c : record.current.values()) {
            if (c.running()) {
                watchExit(record, c);
            }
        }
    }

    PodRecord newRecord(String uid, Pod pod) {
        return new PodRecord(uid, pod, new RestartBackoff(config.restartBackoff()));
    }

    /** One sync; a returned delay asks to be called again then (a back-off ending, a volume to retry). */
    public Optional<Duration> sync(String uid) throws Exception {
        Pod pod = desired.get(uid);
        PodRecord record = records.get(uid);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            if (record != null) {
                if (pod != null) {
                    record.pod = pod;
                }
                terminator.terminate(record, pod);
                volumes.tearDown(uid);
                records.remove(uid);
            }
            if (pod != null) {
                release(pod);
            }
            return Optional.empty();
        }
        if (record == null) {
            record = newRecord(uid, pod);
            records.put(uid, record);
        }
        record.pod = pod;
        if (isTerminal(record)) {
            terminator.releaseSandbox(record);
            report(record);
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (record.startTime == null) {
            record.startTime = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        announceImages(record);
        if (record.sandbox == null) {
            try {
                Sandbox sandbox = runtime.createSandbox(new SandboxSpec(ContainerSpecs.sandboxId(uid), hostname(pod),
                        hostNetwork(pod), ContainerSpecs.sandboxLabels(pod), List.of()));
                record.sandbox = sandbox;
                record.podIp = sandbox.ip().orElse(config.nodeIp());
            } catch (RuntimeFailure e) {
                events.warning(pod, null, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
                report(record);
                throw e;
            }
        }
        PodFields fields = new PodFields(pod, config.nodeIp(), record.podIp, config.nodeCpuMillis(), config.nodeMemoryBytes());
        PodVolumes podVolumes;
        try {
            podVolumes = volumes.build(pod, fields);
        } catch (VolumeException e) {
            events.warning(pod, null, "FailedMount", "MountVolume.SetUp failed: " + e.getMessage());
            report(record);
            return Optional.of(Duration.ofSeconds(2));
        }
        List<Mount> etc = podEtcFiles(record);
        Optional<Duration> again = Optional.empty();
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        boolean initialized = true;
        for (Container init : inits) {
            ContainerRecord c = record.current.get(init.getName());
            if (c != null && PodRecord.exitedOk(c.status)) {
                continue;
            }
            initialized = false;
            if (c != null && c.running()) {
                break;
            }
            if (c != null && restartPolicy(pod).equals("Never")) {
                break;
            }
            again = startOrWait(record, init, true, c, fields, podVolumes, etc);
            break;
        }
        if (initialized) {
            for (Container container : pod.getSpec().getContainers()) {
                ContainerRecord c = record.current.get(container.getName());
                if (c != null && c.running() && c.unhealthy != null) {
                    events.normal(pod, container.getName(), "Killing", c.unhealthy);
                    c.stopProbes();
                    c.status = runtime.stopContainer(c.id, terminator.grace(pod));
                }
                if (c != null && c.running()) {
                    if (c.probes == null) {
                        startProbes(record, c, container);
                    }
                    continue;
                }
                if (c != null && !shouldRestart(restartPolicy(pod), c.status)) {
                    continue;
                }
                Optional<Duration> wait = startOrWait(record, container, false, c, fields, podVolumes, etc);
                if (wait.isPresent() && (again.isEmpty() || wait.get().compareTo(again.get()) < 0)) {
                    again = wait;
                }
            }
        }
        report(record);
        return again;
    }

    private static boolean shouldRestart(String policy, ContainerStatus status) {
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> status.exitCode().orElse(1) != 0;
            default -> true;
        };
    }

    /** Starts a container now, or records CrashLoopBackOff and says when to come back. */
    private Optional<Duration> startOrWait(PodRecord record, Container container, boolean init, ContainerRecord last,
                                           PodFields fields, PodVolumes podVolumes, List<Mount> etc) {
        Pod pod = record.pod;
        String name = container.getName();
        Instant now = clock.instant();
        if (last != null) {
            Duration ran = last.status.startedAt().isPresent() && last.status.finishedAt().isPresent()
                    ? Duration.between(last.status.startedAt().get(), last.status.finishedAt().get()) : Duration.ZERO;
            Duration wait = record.backoff.remaining(name, now, ran);
            if (!wait.isZero()) {
                record.waitingReason.put(name, "CrashLoopBackOff");
                record.waitingMessage.put(name, "back-off " + GoDuration.format(record.backoff.currentDelay(name))
                        + " restarting failed container=" + name + " pod=" + pod.getMetadata().getName() + "_"
                        + pod.getMetadata().getNamespace() + "(" + record.uid + ")");
                events.warning(pod, name, "BackOff", "Back-off restarting failed container " + name + " in pod "
                        + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + record.uid + ")");
                return Optional.of(wait);
            }
        }
        int attempt = record.nextAttempt(name);
        String id = ContainerSpecs.containerId(record.uid, name, attempt);
        ContainerSpec spec;
        try {
            Map<String, String> env = envResolver.resolve(pod, container, fields, serviceLinks.environment(pod));
            List<String> argv = ContainerSpecs.argv(container, env);
            List<Mount> mounts = ContainerSpecs.mounts(container, podVolumes, etc);
            spec = ContainerSpecs.spec(id, record.sandbox.id(), container, argv, env, mounts,
                    logFile(pod, name, attempt), ContainerSpecs.labels(pod, name, attempt, init));
        } catch (ContainerConfigException e) {
            record.waitingReason.put(name, "CreateContainerConfigError");
            record.waitingMessage.put(name, e.getMessage());
            events.warning(pod, name, "Failed", "Error: " + e.getMessage());
            return Optional.of(Duration.ofSeconds(5));
        }
        record.backoff.started(name, now);
        ContainerStatus status;
        try {
            Files.createDirectories(spec.logFile().getParent());
            status = runtime.startContainer(spec);
        } catch (RuntimeFailure | IOException e) {
            record.waitingReason.put(name, "RunContainerError");
            record.waitingMessage.put(name, e.getMessage());
            events.warning(pod, name, "Failed", "Error: " + e.getMessage());
            return Optional.of(record.backoff.remaining(name, now, Duration.ZERO));
        }
        record.waitingReason.remove(name);
        record.waitingMessage.remove(name);
        ContainerRecord started = new ContainerRecord(name, id, attempt, init, spec.logFile(), status);
        ContainerRecord replaced = record.current.put(name, started);
        if (replaced != null) {
            replaced.stopProbes();
            ContainerRecord older = record.previous.put(name, replaced);
            if (older != null) {
                runtime.removeContainer(older.id);
                deleteQuietly(older.logFile);
            }
        }
        events.normal(pod, name, "Created", "Created container " + name);
        events.normal(pod, name, "Started", "Started container " + name);
        watchExit(record, started);
        if (!init) {
            startProbes(record, started, container);
        }
        return Optional.empty();
    }

    private void watchExit(PodRecord record, ContainerRecord c) {
        runtime.exited(c.id).thenAccept(status -> {
            c.status = status;
            c.stopProbes();
            queue.add(record.uid);
        });
    }

    private void startProbes(PodRecord record, ContainerRecord c, Container container) {
        ProbeSet probes = new ProbeSet(c, container, prober, record.podIp, new ProbeSet.Listener() {
            @Override
            public void changed() {
                queue.add(record.uid);
            }

            @Override
            public void livenessFailed(String message) {
                if (c.unhealthy == null) {
                    c.unhealthy = message;
                    queue.add(record.uid);
                }
            }

            @Override
            public void unhealthy(String probe, String output) {
                events.warning(record.pod, c.name, "Unhealthy", probe + " probe failed: " + output);
            }
        });
        c.probes = probes;
        probes.start(timer);
    }

    private void announceImages(PodRecord record) {
        if (record.imageEventsSent) {
            return;
        }
        record.imageEventsSent = true;
        List<Container> all = new ArrayList<>();
        if (record.pod.getSpec().getInitContainers() != null) {
            all.addAll(record.pod.getSpec().getInitContainers());
        }
        all.addAll(record.pod.getSpec().getContainers());
        for (Container c : all) {
            events.normal(record.pod, c.getName(), "Pulled", "Container image \"" + c.getImage()
                    + "\" recorded, not pulled: the " + runtime.name() + " runtime runs the command on the host");
        }
    }

    /** The pod's /etc/hosts and /etc/resolv.conf, for pods with a network (and mount namespace) of their own. */
    private List<Mount> podEtcFiles(PodRecord record) throws IOException {
        if (!runtime.isolated() || hostNetwork(record.pod)) {
            return List.of();
        }
        return etcFiles.write(volumes.podDir(record.uid), record.pod, record.podIp, hostname(record.pod));
    }

    private Path logFile(Pod pod, String container, int attempt) {
        var meta = pod.getMetadata();
        return config.logsDir().resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid())
                .resolve(container).resolve(attempt + ".log");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot remove old log {}: {}", file, e.getMessage());
        }
    }

    private boolean isTerminal(PodRecord record) {
        String phase = record.lastStatus != null ? record.lastStatus.getPhase()
                : record.pod.getStatus() == null ? null : record.pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static String restartPolicy(Pod pod) {
        return pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    }

    static boolean hostNetwork(Pod pod) {
        return Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    }

    static String hostname(Pod pod) {
        String h = pod.getSpec().getHostname();
        return h == null || h.isEmpty() ? pod.getMetadata().getName() : h;
    }

    /** Writes the status if it changed since the last write. */
    void report(PodRecord record) throws IOException {
        PodStatus status = statusBuilder.build(record, clock.instant());
        String json = Json.MAPPER.writeValueAsString(status);
        if (json.equals(record.lastReported)) {
            return;
        }
        try {
            client.pods().inNamespace(record.namespace()).withName(record.name()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + json + "}");
            record.lastReported = json;
            record.lastStatus = status;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The kubelet's last word on a deleted pod: remove it for good now that nothing of it runs. */
    private void release(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** Stops every pod (an orderly shutdown of the node): containers gracefully, then sandboxes. */
    public void stopAll(Duration maxGrace) {
        List<Thread> stoppers = new ArrayList<>();
        for (PodRecord record : records.values()) {
            stoppers.add(Thread.ofVirtual().start(() -> {
                terminator.terminate(record, record.pod, maxGrace);
                volumes.tearDown(record.uid);
            }));
        }
        for (Thread t : stoppers) {
            try {
                t.join(maxGrace.plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
