package io.tugboat.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.agent.AgentConfig;
import io.tugboat.agent.NodeAgent;
import io.tugboat.agent.pods.PodDnsSettings;
import io.tugboat.client.ClusterAccess;
import io.tugboat.client.queue.Backoff;
import io.tugboat.runtime.process.ProcessRuntime;
import io.tugboat.runtime.process.ProcessRuntimeConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
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
        String nodeIp = options.nodeIp != null ? options.nodeIp : primaryAddress();
        ProcessRuntime runtime = new ProcessRuntime(ProcessRuntimeConfig.defaults(agentDir.resolve("runtime"))
                .withNetwork(options.bridge, options.podCidr).withCgroupParent(options.cgroupParent));
        KubernetesClient client = access.connect("tug-agent/" + nodeName);
        AgentConfig config = new AgentConfig(nodeName, agentDir, nodeIp, "0.0.0.0", options.agentPort, access.token(),
                options.podCidr, options.bridge, options.cgroupParent, options.maxPods,
                new PodDnsSettings(options.clusterDns, options.clusterDomain, PodDnsSettings.DEFAULT.hostResolvConf()));
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

    /** The first address of an interface that is up and not a loopback, as k3s picks it; else 127.0.0.1. */
    static String primaryAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || nic.getName().startsWith("tug")
                    || nic.getName().startsWith("veth")) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a.getHostAddress();
                }
            }
        }
        return "127.0.0.1";
    }

    @Override
    public void close() {
        agent.stop(true, shutdownGrace);
        client.close();
    }
}
