package io.tugboat.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.client.events.PodEventRecorder;
import io.tugboat.agent.node.NodeFacts;
import io.tugboat.agent.node.NodeLease;
import io.tugboat.agent.node.NodeStatusReporter;
import io.tugboat.agent.pods.AgentPods;
import io.tugboat.agent.server.AgentServer;
import io.tugboat.agent.server.AgentServerConfig;
import io.tugboat.agent.services.NodeServices;
import io.tugboat.client.queue.Backoff;
import io.tugboat.runtime.ContainerRuntime;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tugboat's kubelet: registers the Node, renews its Lease, serves logs and exec to the API server, and runs
 * the pods bound to it through a container runtime. It reaches the cluster only through the client, the
 * same in {@code tug up} as on another machine.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
    private static final Duration LEASE_RENEW = Duration.ofSeconds(10);
    private static final Duration STATUS_REPORT = Duration.ofMinutes(1);

    private final AgentConfig config;
    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final Backoff restartBackoff;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("agent-timer").daemon().factory());
    private PodEventRecorder events;
    private AgentPods pods;
    private AgentServer server;
    private SharedIndexInformer<Pod> informer;
    private NodeServices services;

    public NodeAgent(AgentConfig config, KubernetesClient client, ContainerRuntime runtime, Backoff restartBackoff) {
        this.config = config;
        this.client = client;
        this.runtime = runtime;
        this.restartBackoff = restartBackoff;
    }

    public NodeAgent start() throws Exception {
        Files.createDirectories(config.agentDir());
        if (!runtime.isolated()) {
            log.warn("the agent is not running as root: pods share the host's network, get no IP of their own, "
                    + "no resource limits and no volume mounts at their mountPaths");
        }
        NodeFacts facts = NodeFacts.probe(config.agentDir());
        var recovered = runtime.recover();
        services = NodeServices.start(client, config, runtime.isolated());
        events = new PodEventRecorder(client, "kubelet", config.nodeName(), clock);
        pods = new AgentPods(client, runtime, config, facts, events, timer, clock, restartBackoff, services.links());
        pods.adopt(recovered);
        server = new AgentServer(new AgentServerConfig(config.streamBind(), config.streamPort(),
                config.agentDir().resolve("pki"), config.nodeToken()), pods.streams());
        server.start();
        NodeStatusReporter reporter = new NodeStatusReporter(client, config, facts, clock, "0.1.0");
        Node node = reporter.register(server.port());
        services.registered(node);
        NodeLease lease = new NodeLease(client, config.nodeName(), clock);
        lease.renew(node);
        timer.scheduleAtFixedRate(() -> Thread.ofVirtual().start(() -> renew(lease, node)),
                LEASE_RENEW.toMillis(), LEASE_RENEW.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> Thread.ofVirtual().start(() -> report(reporter)),
                STATUS_REPORT.toMillis(), STATUS_REPORT.toMillis(), TimeUnit.MILLISECONDS);
        informer = client.pods().inAnyNamespace().withField("spec.nodeName", config.nodeName())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        pods.desired(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        pods.desired(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        pods.gone(pod);
                    }
                }, 0);
        informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
        pods.start();
        log.info("node {} is Ready: {} runtime, pod network {}, streaming on port {}", config.nodeName(), runtime.name(),
                runtime.isolated() ? config.podCidr() : "host", server.port());
        return this;
    }

    private void renew(NodeLease lease, Node node) {
        try {
            lease.renew(node);
        } catch (RuntimeException e) {
            log.warn("cannot renew the node lease: {}", e.getMessage());
        }
    }

    private static void report(NodeStatusReporter reporter) {
        try {
            reporter.report();
        } catch (RuntimeException e) {
            log.warn("cannot report the node status: {}", e.getMessage());
        }
    }

    /** Stops watching and serving; with {@code stopPods} every pod it runs is stopped too (an orderly node stop). */
    public void stop(boolean stopPods, Duration maxGrace) {
        if (informer != null) {
            informer.stop();
        }
        timer.shutdownNow();
        if (pods != null) {
            pods.close();
            if (stopPods) {
                log.info("stopping every pod of node {}", config.nodeName());
                pods.stopAll(maxGrace);
            }
        }
        if (server != null) {
            server.close();
        }
        if (services != null) {
            services.stop(stopPods);
        }
        if (events != null) {
            events.close();
        }
        runtime.close();
    }

    @Override
    public void close() {
        stop(true, Duration.ofSeconds(10));
    }

    public int streamPort() {
        return server.port();
    }

    /** For tests that need the directories: where this agent keeps its things. */
    public AgentConfig config() {
        return config;
    }

}
