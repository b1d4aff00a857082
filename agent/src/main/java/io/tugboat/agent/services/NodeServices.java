package io.tugboat.agent.services;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.agent.AgentConfig;
import io.tugboat.agent.dns.ClusterDnsConfig;
import io.tugboat.agent.dns.ClusterDnsServer;
import io.tugboat.agent.dns.ResolvConf;
import io.tugboat.agent.pods.ServiceLinks;
import io.tugboat.agent.proxy.ServiceProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's part in Services: the watched view of Services and EndpointSlices, the variables new
 * containers get from it, and, when pods have networks of their own, the proxy that serves cluster IPs
 * and node ports and the DNS server pods resolve through (on the pod bridge's gateway address, published
 * as this node's kube-dns endpoint).
 */
public final class NodeServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeServices.class);
    private static final int DNS_PORT = 53;

    private final KubernetesClient client;
    private final AgentConfig config;
    private final ClusterServices view;
    private ClusterDnsServer dns;
    private ServiceProxy proxy;
    private String dnsAddress;

    private NodeServices(KubernetesClient client, AgentConfig config) {
        this.client = client;
        this.config = config;
        this.view = new ClusterServices(client);
    }

    /** Starts watching; with {@code podNetworks} (root, pods in their own namespaces) also the proxy and DNS. */
    public static NodeServices start(KubernetesClient client, AgentConfig config, boolean podNetworks) throws Exception {
        NodeServices services = new NodeServices(client, config);
        try {
            services.view.start();
            if (podNetworks) {
                services.serve();
            }
        } catch (Exception | Error e) {
            services.stop(false);
            throw e;
        }
        return services;
    }

    private void serve() throws IOException {
        if (!ServiceProxy.available()) {
            log.warn("nft (Debian package nftables) is not installed: this node does not serve cluster IPs, node ports "
                    + "or cluster DNS");
            return;
        }
        NodeBridge bridge = new NodeBridge(config.bridgeName(), config.podCidr(), config.serviceCidr());
        bridge.ensure();
        dnsAddress = bridge.gatewayAddress();
        proxy = new ServiceProxy(view, config.nodeName(), config.bridgeName());
        proxy.start();
        InetSocketAddress listen = new InetSocketAddress(dnsAddress, DNS_PORT);
        ClusterDnsServer server = new ClusterDnsServer(ClusterDnsConfig.of(listen, ResolvConf.nameservers(ResolvConf.HOST, listen))
                .withClusterDomain(config.dns().clusterDomain()), view);
        try {
            server.start();
            dns = server;
            log.info("cluster DNS for this node's pods on {}:{}, reached through {}", dnsAddress, DNS_PORT, config.dns().nameserver());
        } catch (IOException e) {
            // e.g. a resolver of the host's own on 0.0.0.0:53: the node still runs pods and serves cluster IPs
            server.close();
            log.error("cluster DNS cannot listen on {}:{} ({}): pods on this node cannot resolve cluster names", dnsAddress,
                    DNS_PORT, e.getMessage());
        }
    }

    public ServiceLinks links() {
        return new ServiceEnvironment(view);
    }

    /** Publishes this node's DNS endpoint, once the Node exists to own it. */
    public void registered(Node node) {
        if (dns != null) {
            new DnsEndpoint(client).publish(node, dnsAddress);
        }
    }

    /** Stops; an orderly stop ({@code orderly}, the node's pods gone) also removes its rules and DNS endpoint. */
    public void stop(boolean orderly) {
        if (proxy != null) {
            proxy.stop(orderly);
        }
        if (dns != null) {
            dns.close();
            if (orderly) {
                try {
                    new DnsEndpoint(client).withdraw(config.nodeName());
                } catch (RuntimeException e) {
                    log.debug("cannot withdraw the DNS endpoint of {}: {}", config.nodeName(), e.getMessage());
                }
            }
        }
        view.close();
    }

    @Override
    public void close() {
        stop(true);
    }
}
