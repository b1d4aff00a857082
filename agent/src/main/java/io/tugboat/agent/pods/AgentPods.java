package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.agent.AgentConfig;
import io.tugboat.client.events.PodEventRecorder;
import io.tugboat.agent.node.NodeFacts;
import io.tugboat.agent.streams.PodStreams;
import io.tugboat.agent.volumes.LocalPathProvisioner;
import io.tugboat.agent.volumes.VolumeBuilder;
import io.tugboat.client.queue.Backoff;
import io.tugboat.client.queue.QueueWorkers;
import io.tugboat.client.queue.WorkQueue;
import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.Recovered;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's pod machinery put together: a work queue of pod uids fed by the informer, the runtime's exit
 * notices and the probes; workers running {@link PodSyncer#sync}; a periodic resync so projected volumes
 * follow their sources.
 */
public final class AgentPods implements AutoCloseable {

    private static final int WORKERS = 16;
    private static final Duration RESYNC = Duration.ofSeconds(30);

    private final WorkQueue<String> queue = WorkQueue.withDefaultBackoff();
    private final PodSyncer syncer;
    private final ContainerRuntime runtime;
    private final ScheduledExecutorService timer;
    private final java.nio.file.Path logsDir;
    private final Set<String> adopted = new HashSet<>();
    private QueueWorkers<String> workers;

    public AgentPods(KubernetesClient client, ContainerRuntime runtime, AgentConfig config, NodeFacts facts,
                     PodEventRecorder events, ScheduledExecutorService timer, Clock clock, Backoff restartBackoff,
                     ServiceLinks serviceLinks) {
        this.runtime = runtime;
        this.timer = timer;
        this.logsDir = config.agentDir().resolve("logs");
        VolumeBuilder volumes = new VolumeBuilder(client, config.agentDir().resolve("pods"),
                new LocalPathProvisioner(client, config.agentDir().resolve("storage"), config.nodeName()), runtime.isolated());
        this.syncer = new PodSyncer(client, runtime, new PodSyncerConfig(config.nodeIp(), logsDir,
                facts.cpus() * 1000L, facts.memoryBytes(), restartBackoff, config.dns()), volumes, events, timer, clock, queue,
                serviceLinks);
    }

    public void adopt(Recovered recovered) {
        adopted.addAll(PodRecovery.adopt(syncer, runtime, recovered, logsDir));
    }

    public void desired(Pod pod) {
        syncer.desired(pod);
    }

    public void gone(Pod pod) {
        syncer.gone(pod);
    }

    public PodStreams streams() {
        return new AgentPodStreams(syncer, runtime);
    }

    /** Starts the workers; call once the informer has synced, so that adopted pods the API lost are known as lost. */
    public void start() {
        adopted.forEach(queue::add);
        workers = new QueueWorkers<>("pod-sync", queue, syncer::sync).start(WORKERS);
        timer.scheduleAtFixedRate(() -> syncer.records().forEach(r -> queue.add(r.uid)),
                RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stopAll(Duration maxGrace) {
        syncer.stopAll(maxGrace);
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }
}
