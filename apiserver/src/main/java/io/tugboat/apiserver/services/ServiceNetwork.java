package io.tugboat.apiserver.services;

/**
 * Where Services get their addresses: cluster IPs from k3s's 10.43.0.0/16 (next to the pods' 10.42.0.0/16)
 * and node ports from Kubernetes' 30000-32767. The first address goes to the {@code kubernetes} Service and
 * the tenth to cluster DNS, as in k3s.
 */
public record ServiceNetwork(Ipv4Range clusterIps, PortRange nodePorts) {

    public ServiceNetwork {
        if (clusterIps.prefixLength() < 12 || clusterIps.prefixLength() > 28) {
            // /12 is Kubernetes' upper bound; /28 still leaves the tenth address for DNS
            throw new IllegalArgumentException("the service range must be between /12 and /28, got " + clusterIps);
        }
    }

    public static final ServiceNetwork DEFAULT = new ServiceNetwork(Ipv4Range.parse("10.43.0.0/16"), new PortRange(30000, 32767));

    public String apiServerIp() {
        return clusterIps.addressAt(1);
    }

    public String dnsIp() {
        return clusterIps.addressAt(10);
    }
}
