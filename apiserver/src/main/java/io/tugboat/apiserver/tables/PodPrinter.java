package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME READY STATUS RESTARTS AGE; wide: IP NODE NOMINATED NODE READINESS GATES. */
final class PodPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Columns.string("Status", "The aggregate status of the containers in this pod."),
            Columns.string("Restarts", "The number of times the containers in this pod have been restarted "
                    + "and when the last container in this pod has restarted."),
            Columns.AGE,
            Columns.string("IP", "IP address allocated to the pod.").wide(),
            Columns.string("Node", "The node the pod is scheduled onto.").wide(),
            Columns.string("Nominated Node", "The node the scheduler means to preempt for this pod.").wide(),
            Columns.string("Readiness Gates", "Pod conditions that must be true for the pod to be ready.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pod, Instant now) {
        PodSummary s = PodSummarizer.summarize(pod);
        String restarts = s.restarts() != 0 && s.lastRestart().isPresent()
                ? s.restarts() + " (" + Timestamps.since(s.lastRestart().get(), now) + " ago)"
                : Long.toString(s.restarts());
        JsonNode status = pod.path("status");
        return List.of(
                Fields.name(pod),
                s.ready() + "/" + s.total(),
                s.reason(),
                restarts,
                Fields.age(pod, now),
                podIp(status),
                Fields.textOr(LabelText.NONE, pod, "spec", "nodeName"),
                Fields.textOr(LabelText.NONE, status, "nominatedNodeName"),
                readinessGates(pod));
    }

    /** The primary IP: the first of podIPs, or the older single podIP field. */
    private static String podIp(JsonNode status) {
        String ip = status.path("podIPs").path(0).path("ip").asText("");
        if (ip.isEmpty()) {
            ip = status.path("podIP").asText("");
        }
        return ip.isEmpty() ? LabelText.NONE : ip;
    }

    /** "1/2": how many of the spec's readiness gates have a True condition. */
    private static String readinessGates(JsonNode pod) {
        JsonNode gates = pod.path("spec").path("readinessGates");
        if (Fields.size(gates) == 0) {
            return LabelText.NONE;
        }
        int trueGates = 0;
        for (JsonNode gate : gates) {
            JsonNode condition = Fields.firstWhere(pod.path("status").path("conditions"), "type",
                    gate.path("conditionType").asText(""));
            if ("True".equals(condition.path("status").asText())) {
                trueGates++;
            }
        }
        return trueGates + "/" + gates.size();
    }
}
