package io.tugboat.agent.services;

import io.tugboat.runtime.process.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's pod bridge, made before the first pod so that cluster DNS can listen on its gateway address;
 * the CNI bridge plugin finds it and adds pods to it. Loopback addresses may be routed out of it
 * (route_localnet), as kube-proxy allows, so that a node port answers on 127.0.0.1 too.
 */
final class NodeBridge {

    private final String ip = HostCommand.find("ip");
    private final String name;
    private final String gatewayCidr;
    private final String serviceCidr;

    /**
     * @param podCidr     the node's pod range, e.g. 10.42.0.0/24; the bridge takes its first address
     * @param serviceCidr the cluster IP range, routed to the bridge: the host's own connections to a cluster IP then
     *                    start on the device they leave by once translated, with its offloads, not on the default
     *                    route's (measured: 4 streams from the host reached 72% of a direct connection without it)
     */
    NodeBridge(String name, String podCidr, String serviceCidr) {
        this.name = name;
        this.gatewayCidr = gatewayOf(podCidr);
        this.serviceCidr = serviceCidr;
    }

    String gatewayAddress() {
        return gatewayCidr.substring(0, gatewayCidr.indexOf('/'));
    }

    void ensure() throws IOException {
        if (!Files.exists(Path.of("/sys/class/net", name))) {
            HostCommand.Result r = HostCommand.run(List.of(ip, "link", "add", name, "type", "bridge"));
            if (!r.ok() && !Files.exists(Path.of("/sys/class/net", name))) {
                throw new IOException("ip link add " + name + " type bridge: " + r.message());
            }
        }
        HostCommand.Result shown = HostCommand.run(List.of(ip, "-4", "-o", "addr", "show", "dev", name));
        if (!shown.stdout().contains(" " + gatewayCidr + " ")) {
            HostCommand.Result r = HostCommand.run(List.of(ip, "addr", "add", gatewayCidr, "dev", name));
            if (!r.ok() && !r.stderr().contains("File exists")) {
                throw new IOException("ip addr add " + gatewayCidr + " dev " + name + ": " + r.message());
            }
        }
        HostCommand.Result up = HostCommand.run(List.of(ip, "link", "set", name, "up"));
        if (!up.ok()) {
            throw new IOException("ip link set " + name + " up: " + up.message());
        }
        HostCommand.Result route = HostCommand.run(List.of(ip, "route", "append", serviceCidr, "dev", name));
        if (!route.ok() && !route.stderr().contains("File exists")) {
            throw new IOException("ip route append " + serviceCidr + " dev " + name + ": " + route.message());
        }
        Files.writeString(Path.of("/proc/sys/net/ipv4/conf", name, "route_localnet"), "1");
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
    }

    static String gatewayOf(String podCidr) {
        int slash = podCidr.indexOf('/');
        String[] octets = podCidr.substring(0, slash).split("\\.");
        long address = 0;
        for (String o : octets) {
            address = (address << 8) | Integer.parseInt(o);
        }
        address += 1;
        return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "." + (address & 0xff)
                + podCidr.substring(slash);
    }
}
