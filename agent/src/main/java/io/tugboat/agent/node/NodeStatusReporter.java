package io.tugboat.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.tugboat.agent.AgentConfig;
import io.tugboat.api.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this agent's Node and keeps its status true: capacity, addresses, the endpoint the API server
 * reaches for logs and exec, and the Ready / pressure conditions. Conditions keep their transition time
 * while their status holds, as the kubelet does.
 */
public final class NodeStatusReporter {

    private static final Logger log = LoggerFactory.getLogger(NodeStatusReporter.class);

    private final KubernetesClient client;
    private final AgentConfig config;
    private final NodeFacts facts;
    private final Clock clock;
    private final String version;
    private int streamPort;

    public NodeStatusReporter(KubernetesClient client, AgentConfig config, NodeFacts facts, Clock clock, String version) {
        this.client = client;
        this.config = config;
        this.facts = facts;
        this.clock = clock;
        this.version = version;
    }

    /** Creates the Node, or takes over the existing one of the same name (an agent restart). */
    public Node register(int streamPort) {
        this.streamPort = streamPort;
        Node existing = client.nodes().withName(config.nodeName()).get();
        if (existing == null) {
            Node node = new NodeBuilder()
                    .withNewMetadata().withName(config.nodeName()).withLabels(labels()).endMetadata()
                    .withNewSpec().withPodCIDR(config.podCidr()).withPodCIDRs(config.podCidr()).endSpec()
                    .build();
            try {
                existing = client.nodes().resource(node).create();
                log.info("registered node {}", config.nodeName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = client.nodes().withName(config.nodeName()).get();
            }
        } else {
            Map<String, String> merged = new LinkedHashMap<>(existing.getMetadata().getLabels() == null
                    ? Map.of() : existing.getMetadata().getLabels());
            merged.putAll(labels());
            client.nodes().withName(config.nodeName()).edit(n -> {
                n.getMetadata().setLabels(merged);
                return n;
            });
            log.info("node {} already registered; taking it over", config.nodeName());
        }
        report(existing);
        return existing;
    }

    /** Sends the current status; called on a timer and whenever a condition may have changed. */
    public void report() {
        report(client.nodes().withName(config.nodeName()).get());
    }

    private void report(Node current) {
        NodeStatus status = status(current == null ? null : current.getStatus());
        String patch = Json.MAPPER.createObjectNode().set("status", Json.MAPPER.valueToTree(status)).toString();
        client.nodes().withName(config.nodeName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", config.nodeName());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", facts.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", facts.architecture());
        return labels;
    }

    NodeStatus status(NodeStatus previous) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(String.valueOf(facts.cpus())));
        capacity.put("memory", new Quantity(facts.memoryBytes() / 1024 + "Ki"));
        capacity.put("pods", new Quantity(String.valueOf(config.maxPods())));
        capacity.put("ephemeral-storage", new Quantity(facts.ephemeralStorageBytes() / 1024 + "Ki"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        HostPressure pressure = HostPressure.probe(config.agentDir());
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "MemoryPressure", pressure.memory(), "KubeletHasInsufficientMemory",
                "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now));
        conditions.add(condition(previous, "DiskPressure", pressure.disk(), "KubeletHasDiskPressure",
                "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now));
        conditions.add(condition(previous, "PIDPressure", pressure.pids(), "KubeletHasInsufficientPID",
                "KubeletHasSufficientPID", "kubelet has sufficient PID available", now));
        conditions.add(condition(previous, "Ready", true, "KubeletReady", "KubeletNotReady",
                "kubelet is posting ready status", now));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withAddresses(new NodeAddress(config.nodeIp(), "InternalIP"), new NodeAddress(config.nodeName(), "Hostname"))
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(streamPort).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture(facts.architecture())
                .withOperatingSystem("linux")
                .withKernelVersion(facts.kernelVersion())
                .withOsImage(facts.osImage())
                .withMachineID(facts.machineId())
                .withSystemUUID(facts.machineId())
                .withBootID(facts.bootId())
                .withContainerRuntimeVersion("process://" + version)
                .withKubeletVersion("v1.32.0-tugboat")
                .withKubeProxyVersion("v1.32.0-tugboat")
                .endNodeInfo()
                .withConditions(conditions)
                .build();
    }

    /** A condition whose "good" status is False, except Ready whose good status is True. */
    private static NodeCondition condition(NodeStatus previous, String type, boolean value, String trueReason,
                                           String falseReason, String message, Instant now) {
        String status = value ? "True" : "False";
        String transition = now.toString();
        if (previous != null && previous.getConditions() != null) {
            for (NodeCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        boolean good = type.equals("Ready") == value;
        return new NodeCondition(now.toString(), transition, good ? message : type + " on this node",
                value ? trueReason : falseReason, status, type);
    }
}
