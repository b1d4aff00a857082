package io.tugboat.agent.proxy;

import io.tugboat.runtime.process.HostCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP flows to endpoints that are gone. A UDP "connection" lives in conntrack as long as datagrams keep coming, so
 * a client that keeps sending would keep reaching a removed endpoint; as kube-proxy does, the node deletes those
 * entries (with conntrack-tools' {@code conntrack -D}) once the new rules are in. TCP needs nothing: a removed
 * endpoint's connections break and new ones meet the new rules.
 */
final class StaleFlows {

    private static final Logger log = LoggerFactory.getLogger(StaleFlows.class);

    /** One set of conntrack entries to delete: UDP to {@code destination} (an address, or a node port) DNATed to {@code endpointIp}. */
    record Flow(String originalAddress, int originalNodePort, String endpointIp) {
    }

    private final List<String> prefix;
    private boolean warned;

    /** @param prefix what conntrack runs under (nothing on a node; {@code ip netns exec NS} in tests) */
    StaleFlows(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** The UDP flows the change from {@code before} to {@code after} leaves pointing at endpoints no longer there. */
    static List<Flow> between(List<ProxiedPort> before, List<ProxiedPort> after) {
        Map<String, ProxiedPort> now = new HashMap<>();
        for (ProxiedPort p : after) {
            now.put(p.name() + "/" + p.protocol(), p);
        }
        List<Flow> stale = new ArrayList<>();
        for (ProxiedPort old : before) {
            if (!old.protocol().equals("udp")) {
                continue;
            }
            ProxiedPort current = now.get(old.name() + "/" + old.protocol());
            Set<String> kept = new HashSet<>();
            if (current != null) {
                current.internal().forEach(e -> kept.add(e.ip()));
                current.external().forEach(e -> kept.add(e.ip()));
            }
            Set<String> gone = new HashSet<>();
            old.internal().forEach(e -> gone.add(e.ip()));
            old.external().forEach(e -> gone.add(e.ip()));
            gone.removeAll(kept);
            for (String ip : gone.stream().sorted().toList()) {
                stale.add(new Flow(old.clusterIp(), 0, ip));
                old.externalIps().forEach(external -> stale.add(new Flow(external, 0, ip)));
                if (old.nodePort() != 0) {
                    stale.add(new Flow(null, old.nodePort(), ip));
                }
            }
        }
        return stale;
    }

    void delete(List<Flow> flows) {
        if (flows.isEmpty()) {
            return;
        }
        String conntrack = HostCommand.find("conntrack");
        if (conntrack.equals("conntrack")) {
            if (!warned) {
                log.warn("conntrack (Debian package conntrack) is not installed: UDP clients may keep reaching removed "
                        + "endpoints until their flows time out");
                warned = true;
            }
            return;
        }
        for (Flow flow : flows) {
            List<String> argv = new ArrayList<>(prefix);
            argv.addAll(List.of(conntrack, "-D", "-p", "udp"));
            if (flow.originalAddress() != null) {
                argv.addAll(List.of("--orig-dst", flow.originalAddress()));
            } else {
                argv.addAll(List.of("--orig-port-dst", Integer.toString(flow.originalNodePort())));
            }
            argv.addAll(List.of("--dst-nat", flow.endpointIp()));
            try {
                // exit status 1 means "no entry matched", which is the common case
                HostCommand.run(argv);
            } catch (IOException e) {
                log.debug("conntrack -D for {}: {}", flow, e.getMessage());
            }
        }
    }
}
