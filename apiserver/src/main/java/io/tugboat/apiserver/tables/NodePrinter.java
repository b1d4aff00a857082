package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** NAME STATUS ROLES AGE VERSION; wide: INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
final class NodePrinter implements KindPrinter {

    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    /** The older single-valued role label, still honoured by kubectl. */
    private static final String ROLE_LABEL = "kubernetes.io/role";

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Status", "The status of the node"),
            Columns.string("Roles", "The roles of the node"),
            Columns.AGE,
            Columns.string("Version", "Kubelet Version reported by the node."),
            Columns.string("Internal-IP", "The node's InternalIP address.").wide(),
            Columns.string("External-IP", "The node's ExternalIP address.").wide(),
            Columns.string("OS-Image", "OS Image reported by the node.").wide(),
            Columns.string("Kernel-Version", "Kernel Version reported by the node.").wide(),
            Columns.string("Container-Runtime", "ContainerRuntime Version reported by the node.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode node, Instant now) {
        JsonNode info = node.path("status").path("nodeInfo");
        return List.of(
                Fields.name(node),
                status(node),
                roles(node.path("metadata").path("labels")),
                Fields.age(node, now),
                Fields.text(info, "kubeletVersion"),
                address(node, "InternalIP"),
                address(node, "ExternalIP"),
                Fields.textOr(Timestamps.UNKNOWN, info, "osImage"),
                Fields.textOr(Timestamps.UNKNOWN, info, "kernelVersion"),
                Fields.textOr(Timestamps.UNKNOWN, info, "containerRuntimeVersion"));
    }

    /** Ready, NotReady or Unknown (no Ready condition at all), then ",SchedulingDisabled" when cordoned. */
    private static String status(JsonNode node) {
        String ready = null;
        // The last Ready condition wins, as Kubernetes indexes conditions by type.
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                ready = "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(ready == null ? "Unknown" : ready);
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            parts.add("SchedulingDisabled");
        }
        return String.join(",", parts);
    }

    private static String roles(JsonNode labels) {
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, JsonNode> label : labels.properties()) {
            String key = label.getKey();
            if (key.startsWith(ROLE_LABEL_PREFIX) && key.length() > ROLE_LABEL_PREFIX.length()) {
                roles.add(key.substring(ROLE_LABEL_PREFIX.length()));
            } else if (ROLE_LABEL.equals(key) && !label.getValue().asText("").isEmpty()) {
                roles.add(label.getValue().asText());
            }
        }
        return roles.isEmpty() ? LabelText.NONE : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        return Fields.textOr(LabelText.NONE, Fields.firstWhere(node.path("status").path("addresses"), "type", type),
                "address");
    }
}
