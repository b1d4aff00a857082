package io.tugboat.agent.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the node's forwarding as one nftables transaction over the node's own table, in the manner of
 * kube-proxy's nftables mode: a verdict map from (address, protocol, port) to one chain per service port, a
 * random pick among its endpoints' chains, DNAT in each endpoint chain, and masquerading of everything so
 * forwarded (replies then come back through this host whatever the route). ClientIP affinity is a timed
 * set of client addresses per endpoint. A service port without endpoints is refused at once rather than
 * left to time out.
 *
 * <p>The script flushes every rule and rebuilds them, but keeps the affinity sets (their entries are the
 * affinity), deleting only chains and sets the previous script made that are no longer needed; the kernel
 * applies it atomically.
 */
public final class NftScript {

    /** kube-proxy's masquerade mark bit: several node tables on one host agree on it. */
    static final String MASQUERADE_MARK = "0x4000";

    /** A rendered script and the chains and sets it leaves in the table. */
    public record Rendered(String text, Set<String> chains, Set<String> sets) {
    }

    private final String table;
    private final String podInterface;

    /**
     * @param podInterface the node's pod bridge: pod traffic to cluster IPs is taken only from it, so that the
     *                     pods of each node on a shared host meet their own node's rules (internalTrafficPolicy
     *                     Local depends on it)
     */
    public NftScript(String table, String podInterface) {
        this.table = table;
        this.podInterface = podInterface;
    }

    public String table() {
        return table;
    }

    /**
     * @param previous what the last applied script left, or null when the table must be made afresh
     */
    public Rendered render(List<ProxiedPort> ports, Rendered previous) {
        Map<String, List<String>> chains = new LinkedHashMap<>(); // chain -> rules
        Map<String, Integer> sets = new LinkedHashMap<>();       // affinity set -> timeout
        List<String> vipEntries = new ArrayList<>();
        List<String> externalEntries = new ArrayList<>();
        List<String> nodePortEntries = new ArrayList<>();
        List<String> refusedVips = new ArrayList<>();
        List<String> refusedNodePorts = new ArrayList<>();
        for (ProxiedPort port : ports) {
            String internal = serviceChain("svc_", port, port.internal(), chains, sets);
            String external = port.external().equals(port.internal()) ? internal : serviceChain("ext_", port, port.external(), chains, sets);
            String vip = port.clusterIp() + " . " + port.protocol() + " . " + port.port();
            if (internal != null) {
                vipEntries.add(vip + " : goto " + internal);
            } else {
                refusedVips.add(vip);
            }
            for (String ip : port.externalIps()) {
                String entry = ip + " . " + port.protocol() + " . " + port.port();
                if (external != null) {
                    externalEntries.add(entry + " : goto " + external);
                } else {
                    refusedVips.add(entry);
                }
            }
            if (port.nodePort() != 0) {
                String entry = port.protocol() + " . " + port.nodePort();
                if (external != null) {
                    nodePortEntries.add(entry + " : goto " + external);
                } else {
                    refusedNodePorts.add(entry);
                }
            }
        }

        StringBuilder s = new StringBuilder();
        String t = "ip " + table;
        s.append("add table ").append(t).append('\n');
        if (previous == null) {
            s.append("delete table ").append(t).append('\n').append("add table ").append(t).append('\n');
        } else {
            s.append("flush table ").append(t).append('\n');
        }
        s.append("add chain ").append(t).append(" prerouting { type nat hook prerouting priority -100 ; policy accept ; }\n");
        s.append("add chain ").append(t).append(" output { type nat hook output priority -100 ; policy accept ; }\n");
        s.append("add chain ").append(t).append(" postrouting { type nat hook postrouting priority 100 ; policy accept ; }\n");
        s.append("add chain ").append(t).append(" services\n");
        s.append("add chain ").append(t).append(" external\n");
        for (String hook : List.of("input", "forward", "output")) {
            s.append("add chain ").append(t).append(" refuse_").append(hook).append(" { type filter hook ").append(hook)
                    .append(" priority 0 ; policy accept ; }\n");
        }
        for (String chain : chains.keySet()) {
            s.append("add chain ").append(t).append(' ').append(chain).append('\n');
        }
        sets.forEach((set, timeout) -> s.append("add set ").append(t).append(' ').append(set)
                .append(" { type ipv4_addr ; flags dynamic,timeout ; timeout ").append(timeout).append("s ; }\n"));
        if (previous != null) {
            previous.chains().stream().filter(c -> !chains.containsKey(c))
                    .forEach(c -> s.append("delete chain ").append(t).append(' ').append(c).append('\n'));
            previous.sets().stream().filter(x -> !sets.containsKey(x))
                    .forEach(x -> s.append("delete set ").append(t).append(' ').append(x).append('\n'));
        }
        rule(s, t, "prerouting", "iifname \"" + podInterface + "\" jump services");
        rule(s, t, "prerouting", "jump external");
        rule(s, t, "output", "jump services");
        rule(s, t, "output", "jump external");
        rule(s, t, "postrouting", "meta mark & " + MASQUERADE_MARK + " == " + MASQUERADE_MARK + " masquerade");
        if (!vipEntries.isEmpty()) {
            rule(s, t, "services", "ip daddr . meta l4proto . th dport vmap { " + String.join(", ", vipEntries) + " }");
        }
        if (!externalEntries.isEmpty()) {
            rule(s, t, "external", "ip daddr . meta l4proto . th dport vmap { " + String.join(", ", externalEntries) + " }");
        }
        if (!nodePortEntries.isEmpty()) {
            rule(s, t, "external", "fib daddr type local meta l4proto . th dport vmap { " + String.join(", ", nodePortEntries) + " }");
        }
        if (!refusedVips.isEmpty()) {
            String match = "ip daddr . meta l4proto . th dport { " + String.join(", ", refusedVips) + " }";
            for (String hook : List.of("refuse_forward", "refuse_output", "refuse_input")) {
                refuse(s, t, hook, match);
            }
        }
        if (!refusedNodePorts.isEmpty()) {
            refuse(s, t, "refuse_input", "fib daddr type local meta l4proto . th dport { " + String.join(", ", refusedNodePorts) + " }");
        }
        chains.forEach((chain, rules) -> rules.forEach(r -> rule(s, t, chain, r)));

        Set<String> chainNames = new LinkedHashSet<>(chains.keySet());
        return new Rendered(s.toString(), chainNames, new LinkedHashSet<>(sets.keySet()));
    }

    /** The chain that picks among {@code endpoints}, with their endpoint chains; null when there are none. */
    private static String serviceChain(String prefix, ProxiedPort port, List<ProxyEndpoint> endpoints,
            Map<String, List<String>> chains, Map<String, Integer> sets) {
        if (endpoints.isEmpty()) {
            return null;
        }
        String chain = prefix + hash(port.name() + "/" + port.protocol());
        if (chains.containsKey(chain)) {
            return chain;
        }
        List<String> rules = new ArrayList<>();
        rules.add("meta mark set meta mark | " + MASQUERADE_MARK);
        List<String> endpointChains = new ArrayList<>();
        for (ProxyEndpoint endpoint : endpoints) {
            String id = hash(port.name() + "/" + port.protocol() + "/" + endpoint);
            String epChain = "ep_" + id;
            endpointChains.add(epChain);
            List<String> epRules = new ArrayList<>();
            if (port.affinitySeconds() > 0) {
                String set = "aff_" + hash(id + "/" + port.affinitySeconds());
                sets.put(set, port.affinitySeconds());
                rules.add("ip saddr @" + set + " goto " + epChain);
                epRules.add("update @" + set + " { ip saddr }");
            }
            epRules.add("meta l4proto " + port.protocol() + " dnat to " + endpoint.ip() + ":" + endpoint.port());
            chains.putIfAbsent(epChain, epRules);
        }
        if (endpointChains.size() == 1) {
            rules.add("goto " + endpointChains.get(0));
        } else {
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < endpointChains.size(); i++) {
                picks.add(i + " : goto " + endpointChains.get(i));
            }
            rules.add("numgen random mod " + endpointChains.size() + " vmap { " + String.join(", ", picks) + " }");
        }
        chains.put(chain, rules);
        return chain;
    }

    /** A TCP connection gets a reset, anything else an ICMP port unreachable: both fail at once for the client. */
    private static void refuse(StringBuilder s, String table, String chain, String match) {
        rule(s, table, chain, "meta l4proto tcp " + match + " reject with tcp reset");
        rule(s, table, chain, match + " reject");
    }

    private static void rule(StringBuilder s, String table, String chain, String rule) {
        s.append("add rule ").append(table).append(' ').append(chain).append(' ').append(rule).append('\n');
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
