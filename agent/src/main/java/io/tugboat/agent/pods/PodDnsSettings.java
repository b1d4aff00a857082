package io.tugboat.agent.pods;

import java.nio.file.Path;

/**
 * How pods resolve names: the cluster DNS address and domain (kubelet's --cluster-dns and --cluster-domain),
 * and the host's resolv.conf for dnsPolicy Default.
 */
public record PodDnsSettings(String nameserver, String clusterDomain, Path hostResolvConf) {

    public static final PodDnsSettings DEFAULT = new PodDnsSettings("10.43.0.10", "cluster.local", Path.of("/etc/resolv.conf"));
}
