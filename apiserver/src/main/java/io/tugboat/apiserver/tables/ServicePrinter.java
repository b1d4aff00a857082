package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE; wide: SELECTOR. */
final class ServicePrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Type", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
            Columns.string("Cluster-IP", "The IP address of the service, assigned by the master."),
            Columns.string("External-IP", "IP addresses from which the service is reachable outside the cluster."),
            Columns.string("Port(s)", "The ports the service exposes."),
            Columns.AGE,
            Columns.string("Selector", "The labels of the pods traffic is routed to.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode svc, Instant now) {
        JsonNode spec = svc.path("spec");
        // The API server defaults type to ClusterIP, so a stored service without one is a ClusterIP service.
        String type = Fields.textOr("ClusterIP", spec, "type");
        String ports = ports(spec.path("ports"));
        return List.of(
                Fields.name(svc),
                type,
                clusterIp(spec),
                externalIp(type, svc),
                ports.isEmpty() ? LabelText.NONE : ports,
                Fields.age(svc, now),
                LabelText.labels(spec.path("selector")));
    }

    private static String clusterIp(JsonNode spec) {
        String ip = spec.path("clusterIPs").path(0).asText("");
        return ip.isEmpty() ? Fields.textOr(LabelText.NONE, spec, "clusterIP") : ip;
    }

    private static String externalIp(String type, JsonNode svc) {
        List<String> external = Fields.strings(svc.path("spec").path("externalIPs"));
        return switch (type) {
            case "ClusterIP", "NodePort" -> external.isEmpty() ? LabelText.NONE : String.join(",", external);
            case "LoadBalancer" -> {
                List<String> all = new ArrayList<>(loadBalancerAddresses(svc.path("status").path("loadBalancer")));
                all.addAll(external);
                yield all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName" -> Fields.text(svc, "spec", "externalName");
            default -> Timestamps.UNKNOWN;
        };
    }

    /** Ingress IPs (or hostnames where there is no IP), de-duplicated and sorted. */
    private static TreeSet<String> loadBalancerAddresses(JsonNode loadBalancer) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode ingress : loadBalancer.path("ingress")) {
            String ip = ingress.path("ip").asText("");
            String host = ingress.path("hostname").asText("");
            if (!ip.isEmpty()) {
                out.add(ip);
            } else if (!host.isEmpty()) {
                out.add(host);
            }
        }
        return out;
    }

    /** "80/TCP,443:30443/TCP": port, node port when allocated, protocol (TCP when unset, as defaulted). */
    private static String ports(JsonNode ports) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : ports) {
            String protocol = Fields.textOr("TCP", p, "protocol");
            long nodePort = p.path("nodePort").asLong(0);
            long port = p.path("port").asLong(0);
            out.add(nodePort > 0 ? port + ":" + nodePort + "/" + protocol : port + "/" + protocol);
        }
        return String.join(",", out);
    }
}
