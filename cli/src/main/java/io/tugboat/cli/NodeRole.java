package io.tugboat.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.agent.AgentConfig;
import io.tugboat.agent.NodeAgent;
import io.tugboat.agent.pods.PodDnsSettings;
import io.tugboat.apiserver.HostAddress;
import io.tugboat.client.ClusterAccess;
import io.tugboat.client.queue.Backoff;
import io.tugboat.runtime.process.ProcessRuntime;
import io.tugboat.runtime.process.ProcessRuntimeConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** A node agent with the process runtime, connected to the cluster like any remote agent. */
final class NodeRole implements AutoCloseable {

    private final NodeAgent agent;
    private final KubernetesClient client;
    private final Duration shutdownGrace;

    private NodeRole(NodeAgent agent, KubernetesClient client, Duration shutdownGrace) {
        this.agent = agent;
        this.client = client;
        this.shutdownGrace = shutdownGrace;
    }

    static NodeRole start(AgentOptions options, Path agentDir, ClusterAccess access) throws Exception {
        String nodeName = options.nodeName != null ? options.nodeName
                : InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        String nodeIp = options.nodeIp != null ? options.nodeIp : HostAddress.primary();
        ProcessRuntime runtime = new ProcessRuntime(ProcessRuntimeConfig.defaults(agentDir.resolve("runtime"))
                .withNetwork(options.bridge, options.podCidr).withCgroupParent(options.cgroupParent));
        KubernetesClient client = access.connect("tug-agent/" + nodeName);
        AgentConfig config = new AgentConfig(nodeName, agentDir, nodeIp, "0.0.0.0", options.agentPort, access.token(),
                options.podCidr, options.bridge, options.cgroupParent, options.maxPods,
                new PodDnsSettings(options.clusterDns, options.clusterDomain, PodDnsSettings.DEFAULT.hostResolvConf()),
                options.serviceCidr);
        NodeAgent agent = new NodeAgent(config, client, runtime, new Backoff(options.restartBackoff, Duration.ofMinutes(5)));
        try {
            agent.start();
        } catch (Exception | Error e) {
            agent.stop(false, Duration.ZERO);
            client.close();
            throw e;
        }
        return new NodeRole(agent, client, options.shutdownGrace);
    }

    @Override
    public void close() {
        agent.stop(true, shutdownGrace);
        client.close();
    }
}
