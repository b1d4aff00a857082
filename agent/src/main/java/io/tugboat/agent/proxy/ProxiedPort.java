package io.tugboat.agent.proxy;

import java.util.List;

/**
 * One port of one Service as the node forwards it: the addresses it answers on and where connections go.
 *
 * @param name              namespace/name:port, for chain names and messages
 * @param protocol          tcp or udp (nftables' spelling)
 * @param clusterIp         the cluster IP
 * @param port              the service port
 * @param nodePort          the node port, or 0
 * @param externalIps       load-balancer ingress and spec.externalIPs, served on the service port
 * @param affinitySeconds   ClientIP session affinity timeout, or 0 for none
 * @param internal          backends for traffic to the cluster IP (only this node's with internalTrafficPolicy Local)
 * @param external          backends for node port and external IP traffic
 */
public record ProxiedPort(String name, String protocol, String clusterIp, int port, int nodePort, List<String> externalIps,
        int affinitySeconds, List<ProxyEndpoint> internal, List<ProxyEndpoint> external) {

    public ProxiedPort {
        externalIps = List.copyOf(externalIps);
        internal = List.copyOf(internal);
        external = List.copyOf(external);
    }
}
