package io.tugboat.agent.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nameservers of a resolv.conf(5) file, which the cluster DNS server forwards outside names to. Only
 * {@code nameserver} lines matter here; search and options are the pods' business.
 */
public final class ResolvConf {

    private static final Logger LOG = LoggerFactory.getLogger(ResolvConf.class);
    /** The host's file, the kubelet's default --resolv-conf. */
    public static final Path HOST = Path.of("/etc/resolv.conf");
    private static final int DNS_PORT = 53;

    private ResolvConf() {
    }

    /**
     * The nameservers in {@code file}, in order, each on port 53, without the one that is {@code self} (the
     * cluster DNS server's own address: forwarding to it would loop). A missing file has none.
     */
    public static List<InetSocketAddress> nameservers(Path file, InetSocketAddress self) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), self);
    }

    static List<InetSocketAddress> parse(List<String> lines, InetSocketAddress self) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || !words[0].equals("nameserver")) {
                continue;
            }
            Optional<InetAddress> address = IpLiterals.parse(words[1]);
            if (address.isEmpty()) {
                LOG.debug("skipping nameserver {}: not an IP address (a scoped IPv6 one is not supported)", words[1]);
                continue;
            }
            InetSocketAddress server = new InetSocketAddress(address.get(), DNS_PORT);
            if (isSelf(server, self)) {
                LOG.debug("skipping nameserver {}: it is this DNS server", words[1]);
            } else if (!servers.contains(server)) {
                servers.add(server);
            }
        }
        return List.copyOf(servers);
    }

    /** Whether {@code server} reaches {@code self}: same port, and the same address or, on a wildcard, a local one. */
    static boolean isSelf(InetSocketAddress server, InetSocketAddress self) {
        if (server.getPort() != self.getPort()) {
            return false;
        }
        InetAddress address = server.getAddress();
        if (address.equals(self.getAddress())) {
            return true;
        }
        if (!self.getAddress().isAnyLocalAddress()) {
            return false;
        }
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
