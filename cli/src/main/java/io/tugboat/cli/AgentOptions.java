package io.tugboat.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of a node agent, in {@code tug up} and {@code tug agent}. */
final class AgentOptions {

    @Option(names = "--node-name", description = "Name of this node (default: the host name).")
    String nodeName;

    @Option(names = "--node-ip", description = "Address other nodes and the API server reach this node on "
            + "(default: the first non-loopback IPv4 address).")
    String nodeIp;

    @Option(names = "--agent-port", description = "Port of the agent's log/exec server; 0 picks a free one (default: 10250).")
    int agentPort = 10250;

    @Option(names = "--pod-cidr", description = "This node's pod address range (default: 10.42.0.0/24).")
    String podCidr = "10.42.0.0/24";

    @Option(names = "--bridge", description = "Linux bridge the pods attach to (default: tug0).")
    String bridge = "tug0";

    @Option(names = "--cgroup-parent", description = "cgroup under which pods get theirs (default: tugboat).")
    String cgroupParent = "tugboat";

    @Option(names = "--max-pods", description = "Pods this node takes (default: 110).")
    int maxPods = 110;

    @Option(names = "--restart-backoff", converter = DurationConverter.class,
            description = "First crash-loop back-off step, doubling to 5m (default: 10s, as the kubelet).")
    Duration restartBackoff = Duration.ofSeconds(10);

    @Option(names = "--cluster-dns", description = "DNS server address written into pods' resolv.conf: the kube-dns "
            + "Service's cluster IP (default: 10.43.0.10).")
    String clusterDns = "10.43.0.10";

    @Option(names = "--service-cidr", description = "The range Services' cluster IPs come from, as the server's "
            + "(default: 10.43.0.0/16).")
    String serviceCidr = "10.43.0.0/16";

    @Option(names = "--cluster-domain", description = "The cluster's DNS domain (default: cluster.local).")
    String clusterDomain = "cluster.local";

    @Option(names = "--shutdown-grace", converter = DurationConverter.class,
            description = "Longest a pod may take to stop when the node stops (default: 10s).")
    Duration shutdownGrace = Duration.ofSeconds(10);
}
