package io.tugboat.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.StorageHooks;
import io.tugboat.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every Service its cluster IP and node ports as it is stored, and takes them back when it goes, as
 * Kubernetes' service REST storage does: a requested address or port is honoured if it is in range and
 * free, and refused with a 422 naming the field otherwise; an update keeps what was allocated unless the
 * type change drops it.
 */
public final class ServiceAllocations implements StorageHooks {

    private final ServiceNetwork network;
    private final ClaimBook ips;
    private final ClaimBook ports;
    private final RangeAllocator ipAllocator;
    private final RangeAllocator portAllocator;

    public ServiceAllocations(Store store, ServiceNetwork network, Clock clock) {
        this.network = network;
        this.ips = new ClaimBook(store, "clusterips", clock);
        this.ports = new ClaimBook(store, "nodeports", clock);
        Ipv4Range range = network.clusterIps();
        int staticBand = Math.min(Math.max(16, range.size() / 16), 256);
        this.ipAllocator = new RangeAllocator(ips, 1, range.size() - 2, staticBand + 1, range::addressAt);
        PortRange nodePorts = network.nodePorts();
        int portBand = Math.min(Math.max(16, nodePorts.size() / 32), 128);
        this.portAllocator = new RangeAllocator(ports, nodePorts.first(), nodePorts.last(), nodePorts.first() + portBand,
                Integer::toString);
    }

    ClaimBook ipClaims() {
        return ips;
    }

    ClaimBook portClaims() {
        return ports;
    }

    @Override
    public Admitted beforeCreate(ResourceType type, ObjectNode service, boolean dryRun) {
        if (!isService(type)) {
            return Admitted.unchanged(service);
        }
        Request request = new Request(service, ClaimOwner.of(service), dryRun);
        try {
            ObjectNode spec = service.with("spec");
            if (isExternalName(spec)) {
                forbidAddressesOnExternalName(spec, request.causes);
            } else {
                assignClusterIp(spec, request);
                assignNodePorts(spec, Set.of(), request);
            }
            return request.admitted();
        } catch (RuntimeException e) {
            request.pending.rollback();
            throw e;
        }
    }

    @Override
    public Admitted beforeUpdate(ResourceType type, ObjectNode current, ObjectNode next, boolean dryRun) {
        if (!isService(type)) {
            return Admitted.unchanged(next);
        }
        Request request = new Request(next, ClaimOwner.of(current), dryRun);
        try {
            ObjectNode was = (ObjectNode) current.path("spec");
            ObjectNode spec = next.with("spec");
            String oldIp = was.path("clusterIP").asText("");
            if (isExternalName(spec)) {
                dropUnchangedAddresses(was, spec);
                forbidAddressesOnExternalName(spec, request.causes);
                releaseIp(oldIp, request);
                nodePortsOf(was).forEach(p -> request.pending.releaseOnCommit(ports, Integer.toString(p)));
                return request.admitted();
            }
            keepAllocatedValues(was, spec);
            if (oldIp.isEmpty() || isExternalName(was)) {
                assignClusterIp(spec, request);
            } else {
                String requested = requestedIp(spec);
                if (!requested.equals(oldIp)) {
                    request.causes.add(StatusCause.invalid("spec.clusterIPs[0]", requested, "may not change once set"));
                }
            }
            Set<Integer> held = nodePortsOf(was);
            assignNodePorts(spec, held, request);
            Set<Integer> kept = nodePortsOf(spec);
            held.stream().filter(p -> !kept.contains(p)).forEach(p -> request.pending.releaseOnCommit(ports, Integer.toString(p)));
            return request.admitted();
        } catch (RuntimeException e) {
            request.pending.rollback();
            throw e;
        }
    }

    @Override
    public void afterDelete(ResourceType type, ObjectNode removed) {
        if (!isService(type)) {
            return;
        }
        ClaimOwner owner = ClaimOwner.of(removed);
        JsonNode spec = removed.path("spec");
        String ip = spec.path("clusterIP").asText("");
        if (!ip.isEmpty() && !ip.equals("None")) {
            ips.release(ip, owner);
        }
        nodePortsOf(spec).forEach(p -> ports.release(Integer.toString(p), owner));
    }

    // ---- cluster IP ----

    private void assignClusterIp(ObjectNode spec, Request request) {
        List<StatusCause> causes = request.causes;
        String clusterIp = spec.path("clusterIP").asText("");
        JsonNode clusterIps = spec.path("clusterIPs");
        if (clusterIps.size() > 1) {
            causes.add(StatusCause.invalid("spec.clusterIPs", goStrings(clusterIps),
                    "may hold one address only: this cluster is IPv4 single-stack"));
            return;
        }
        if (!clusterIp.isEmpty() && clusterIps.size() == 1 && !clusterIps.get(0).asText().equals(clusterIp)) {
            causes.add(StatusCause.invalid("spec.clusterIPs[0]", clusterIps.get(0).asText(), "must match `spec.clusterIP`"));
            return;
        }
        checkFamilies(spec, causes);
        String requested = requestedIp(spec);
        String type = spec.path("type").asText("ClusterIP");
        String assigned;
        if (requested.equals("None")) {
            if (!type.equals("ClusterIP")) {
                causes.add(StatusCause.invalid("spec.clusterIP", "None", "may not be set to 'None' for " + type + " services"));
                return;
            }
            assigned = "None";
        } else if (!requested.isEmpty()) {
            assigned = claimRequestedIp(requested, request);
            if (assigned == null) {
                return;
            }
        } else {
            Optional<String> allocated = ipAllocator.allocate(request.owner, request.dryRun);
            if (allocated.isEmpty()) {
                causes.add(StatusCause.invalid("spec.clusterIPs", goStrings(clusterIps),
                        "failed to allocate a serviceIP: range is full (" + network.clusterIps() + ")"));
                return;
            }
            assigned = allocated.get();
            if (!request.dryRun) {
                request.pending.claimed(ips, assigned);
            }
        }
        spec.put("clusterIP", assigned);
        spec.putArray("clusterIPs").add(assigned);
        if (!spec.hasNonNull("ipFamilies") || spec.get("ipFamilies").isEmpty()) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.hasNonNull("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
    }

    private String claimRequestedIp(String requested, Request request) {
        Integer address = Ipv4Range.parseAddress(requested);
        if (address == null) {
            request.causes.add(StatusCause.invalid("spec.clusterIPs[0]", requested,
                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            return null;
        }
        Ipv4Range range = network.clusterIps();
        int offset = range.offsetOf(address);
        Object shown = goStrings(List.of(requested));
        if (offset <= 0 || offset >= range.size() - 1) {
            request.causes.add(StatusCause.invalid("spec.clusterIPs", shown, "failed to allocate IP " + requested
                    + ": the provided IP (" + requested + ") is not in the valid range. The range of valid IPs is " + range));
            return null;
        }
        boolean free = request.dryRun ? ips.find(requested).map(c -> c.owner().uid().equals(request.owner.uid())).orElse(true)
                : ips.claim(requested, request.owner);
        if (!free) {
            request.causes.add(StatusCause.invalid("spec.clusterIPs", shown,
                    "failed to allocate IP " + requested + ": provided IP is already allocated"));
            return null;
        }
        if (!request.dryRun) {
            request.pending.claimed(ips, requested);
        }
        return requested;
    }

    private static void checkFamilies(ObjectNode spec, List<StatusCause> causes) {
        JsonNode families = spec.path("ipFamilies");
        for (int i = 0; i < families.size(); i++) {
            if (!families.get(i).asText().equals("IPv4")) {
                causes.add(StatusCause.invalid("spec.ipFamilies[" + i + "]", families.get(i).asText(), "not configured on this cluster"));
            }
        }
        if (spec.path("ipFamilyPolicy").asText("").equals("RequireDualStack")) {
            causes.add(StatusCause.invalid("spec.ipFamilyPolicy", "RequireDualStack",
                    "this cluster is not configured for dual-stack services"));
        }
    }

    private static String requestedIp(JsonNode spec) {
        String clusterIp = spec.path("clusterIP").asText("");
        return clusterIp.isEmpty() && spec.path("clusterIPs").size() > 0 ? spec.get("clusterIPs").get(0).asText("") : clusterIp;
    }

    private void releaseIp(String ip, Request request) {
        if (!ip.isEmpty() && !ip.equals("None")) {
            request.pending.releaseOnCommit(ips, ip);
        }
    }

    // ---- node ports ----

    /** Gives each port a node port where the type needs them; {@code held} are the ones the Service already has. */
    private void assignNodePorts(ObjectNode spec, Set<Integer> held, Request request) {
        boolean wanted = needsNodePorts(spec);
        JsonNode portList = spec.path("ports");
        Set<String> used = new HashSet<>();
        for (int i = 0; i < portList.size(); i++) {
            ObjectNode port = (ObjectNode) portList.get(i);
            String field = "spec.ports[" + i + "].nodePort";
            int nodePort = port.path("nodePort").asInt(0);
            if (!wanted) {
                if (nodePort != 0) {
                    request.causes.add(StatusCause.forbidden(field, "may not be used when `type` is '"
                            + spec.path("type").asText("ClusterIP") + "'"));
                }
                continue;
            }
            if (nodePort == 0) {
                Optional<String> allocated = portAllocator.allocate(request.owner, request.dryRun);
                if (allocated.isEmpty()) {
                    request.causes.add(StatusCause.invalid(field, 0, "failed to allocate a nodePort: range is full ("
                            + network.nodePorts() + ")"));
                    continue;
                }
                if (!request.dryRun) {
                    request.pending.claimed(ports, allocated.get());
                }
                port.put("nodePort", Integer.parseInt(allocated.get()));
                continue;
            }
            if (!used.add(nodePort + "/" + port.path("protocol").asText("TCP"))) {
                request.causes.add(StatusCause.duplicate(field, nodePort));
                continue;
            }
            if (held.contains(nodePort)) {
                continue;
            }
            if (!network.nodePorts().contains(nodePort)) {
                request.causes.add(StatusCause.invalid(field, nodePort,
                        "provided port is not in the valid range. The range of valid ports is " + network.nodePorts()));
                continue;
            }
            String item = Integer.toString(nodePort);
            boolean free = request.dryRun ? ports.find(item).map(c -> c.owner().uid().equals(request.owner.uid())).orElse(true)
                    : ports.claim(item, request.owner);
            if (!free) {
                request.causes.add(StatusCause.invalid(field, nodePort, "provided port is already allocated"));
                continue;
            }
            if (!request.dryRun) {
                request.pending.claimed(ports, item);
            }
        }
    }

    static boolean needsNodePorts(JsonNode spec) {
        String type = spec.path("type").asText("ClusterIP");
        return type.equals("NodePort")
                || (type.equals("LoadBalancer") && spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
    }

    static Set<Integer> nodePortsOf(JsonNode spec) {
        Set<Integer> found = new HashSet<>();
        for (JsonNode port : spec.path("ports")) {
            int n = port.path("nodePort").asInt(0);
            if (n != 0) {
                found.add(n);
            }
        }
        return found;
    }

    // ---- updates ----

    /**
     * A PUT that leaves out what the server allocated keeps it (`kubectl replace` sends the file as written),
     * and a type change that makes node ports meaningless drops the unchanged ones, as Kubernetes does.
     */
    private static void keepAllocatedValues(ObjectNode was, ObjectNode spec) {
        if (!isExternalName(was) && requestedIp(spec).isEmpty() && was.hasNonNull("clusterIP")) {
            spec.set("clusterIP", was.get("clusterIP"));
            spec.set("clusterIPs", was.path("clusterIPs").isArray() ? was.get("clusterIPs")
                    : spec.arrayNode().add(was.get("clusterIP")));
            for (String field : List.of("ipFamilies", "ipFamilyPolicy")) {
                if (!spec.hasNonNull(field) && was.hasNonNull(field)) {
                    spec.set(field, was.get(field));
                }
            }
        }
        boolean hadNodePorts = needsNodePorts(was);
        boolean wantsNodePorts = needsNodePorts(spec);
        for (JsonNode node : spec.path("ports")) {
            ObjectNode port = (ObjectNode) node;
            Optional<JsonNode> old = matchingPort(was, port);
            int oldNodePort = old.map(o -> o.path("nodePort").asInt(0)).orElse(0);
            int nodePort = port.path("nodePort").asInt(0);
            if (wantsNodePorts && hadNodePorts && nodePort == 0 && oldNodePort != 0) {
                port.put("nodePort", oldNodePort);
            } else if (!wantsNodePorts && hadNodePorts && nodePort != 0 && nodePort == oldNodePort) {
                port.remove("nodePort");
            }
        }
    }

    private static Optional<JsonNode> matchingPort(JsonNode was, JsonNode port) {
        for (JsonNode old : was.path("ports")) {
            if (old.path("port").asInt() == port.path("port").asInt()
                    && old.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))) {
                return Optional.of(old);
            }
        }
        return Optional.empty();
    }

    /** Changing to ExternalName drops the addresses the Service had unless the client changed them. */
    private static void dropUnchangedAddresses(ObjectNode was, ObjectNode spec) {
        for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
            if (spec.has(field) && spec.get(field).equals(was.get(field))) {
                spec.remove(field);
            }
        }
        for (JsonNode node : spec.path("ports")) {
            Optional<JsonNode> old = matchingPort(was, node);
            if (old.isPresent() && node.path("nodePort").asInt(0) == old.get().path("nodePort").asInt(-1)) {
                ((ObjectNode) node).remove("nodePort");
            }
        }
    }

    private static void forbidAddressesOnExternalName(ObjectNode spec, List<StatusCause> causes) {
        if (!spec.path("clusterIP").asText("").isEmpty()) {
            causes.add(StatusCause.forbidden("spec.clusterIP", "may not be set for ExternalName services"));
        }
        if (spec.path("clusterIPs").size() > 0) {
            causes.add(StatusCause.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
        }
        JsonNode portList = spec.path("ports");
        for (int i = 0; i < portList.size(); i++) {
            if (portList.get(i).path("nodePort").asInt(0) != 0) {
                causes.add(StatusCause.forbidden("spec.ports[" + i + "].nodePort", "may not be used when `type` is 'ExternalName'"));
            }
        }
    }

    private static boolean isExternalName(JsonNode spec) {
        return spec.path("type").asText("").equals("ExternalName");
    }

    private static boolean isService(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("services");
    }

    private static GoStrings goStrings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return new GoStrings(values);
    }

    private static GoStrings goStrings(List<String> values) {
        return new GoStrings(values);
    }

    /** A list printed the way Go's %#v prints a []string, as Kubernetes' messages show it. */
    private record GoStrings(List<String> values) {
        @Override
        public String toString() {
            return "[]string{" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "}";
        }
    }

    /** One create or update: what it claimed so far and which problems it found. */
    private static final class Request {
        final ObjectNode service;
        final ClaimOwner owner;
        final boolean dryRun;
        final PendingClaims pending;
        final List<StatusCause> causes = new ArrayList<>();

        Request(ObjectNode service, ClaimOwner owner, boolean dryRun) {
            this.service = service;
            this.owner = owner;
            this.dryRun = dryRun;
            this.pending = new PendingClaims(owner);
        }

        Admitted admitted() {
            if (!causes.isEmpty()) {
                pending.rollback();
                throw StatusException.invalid("", "Service", Meta.name(service), causes);
            }
            return new Admitted(service, pending::commit, pending::rollback);
        }
    }
}
