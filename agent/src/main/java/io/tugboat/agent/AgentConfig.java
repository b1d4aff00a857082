package io.tugboat.agent;

import io.tugboat.agent.pods.PodDnsSettings;
import java.nio.file.Path;

/**
 * How one node agent runs.
 *
 * @param nodeName      the Node it registers (the host name by default)
 * @param agentDir      where it keeps pod directories, logs, volumes and the runtime's state
 * @param nodeIp        the InternalIP it reports; host-network pods get it as their pod IP
 * @param streamBind    address the kubelet-API (logs/exec) server listens on
 * @param streamPort    its port (0 = any free port; the Node's status says which)
 * @param nodeToken     the token the API server presents on log/exec calls (the cluster's node token)
 * @param podCidr       this node's pod range, a /24 of 10.42.0.0/16 by default
 * @param bridgeName    the Linux bridge pods attach to
 * @param cgroupParent  the cgroup under which pods get theirs; differs per agent on one machine
 * @param maxPods       the pods capacity it reports
 * @param dns           the cluster DNS address and domain written into pods' resolv.conf
 * @param serviceCidr   the range cluster IPs come from; the host routes it to the pod bridge
 */
public record AgentConfig(String nodeName, Path agentDir, String nodeIp, String streamBind, int streamPort,
                          String nodeToken, String podCidr, String bridgeName, String cgroupParent, int maxPods,
                          PodDnsSettings dns, String serviceCidr) {
}
