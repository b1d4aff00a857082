package io.tugboat.agent.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to run the cluster DNS server: where it listens for UDP and TCP (port 0 picks a free one, the same for both),
 * the cluster domain it is authoritative for, the resolvers it forwards every other name to (none: such queries are
 * REFUSED), how long it waits for them in all, and the TTL of its own records.
 */
public record ClusterDnsConfig(InetSocketAddress listen, String clusterDomain, List<InetSocketAddress> upstreams,
                               Duration forwardTimeout, Duration ttl) {

    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    /** CoreDNS's forward plugin gives up well within a stub resolver's 5 s; so does this server. */
    public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(2);
    /** CoreDNS's kubernetes plugin default: short, since endpoints come and go. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    public ClusterDnsConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(clusterDomain, "clusterDomain");
        Objects.requireNonNull(forwardTimeout, "forwardTimeout");
        Objects.requireNonNull(ttl, "ttl");
        if (listen.isUnresolved()) {
            throw new IllegalArgumentException("the listen address must be an IP address, got " + listen);
        }
        clusterDomain = clusterDomain.toLowerCase(Locale.ROOT);
        if (clusterDomain.endsWith(".")) {
            clusterDomain = clusterDomain.substring(0, clusterDomain.length() - 1);
        }
        if (clusterDomain.isEmpty()) {
            throw new IllegalArgumentException("the cluster domain must not be empty");
        }
        upstreams = List.copyOf(upstreams);
        for (InetSocketAddress upstream : upstreams) {
            if (upstream.isUnresolved()) {
                throw new IllegalArgumentException("an upstream resolver must be an IP address, got " + upstream);
            }
        }
        if (forwardTimeout.isNegative() || forwardTimeout.isZero()) {
            throw new IllegalArgumentException("the forward timeout must be positive, got " + forwardTimeout);
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the TTL must not be negative, got " + ttl);
        }
    }

    /** Listens on {@code listen}, forwards to {@code upstreams}, with the default domain, timeout and TTL. */
    public static ClusterDnsConfig of(InetSocketAddress listen, List<InetSocketAddress> upstreams) {
        return new ClusterDnsConfig(listen, DEFAULT_CLUSTER_DOMAIN, upstreams, DEFAULT_FORWARD_TIMEOUT, DEFAULT_TTL);
    }

    public ClusterDnsConfig withClusterDomain(String domain) {
        return new ClusterDnsConfig(listen, domain, upstreams, forwardTimeout, ttl);
    }

    public ClusterDnsConfig withForwardTimeout(Duration timeout) {
        return new ClusterDnsConfig(listen, clusterDomain, upstreams, timeout, ttl);
    }
}
