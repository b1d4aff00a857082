package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The fields each kind can be selected by with a field selector, and their values for one object. */
public final class FieldIndex {

    private static final Map<String, Map<String, String>> EXTRA = Map.of(
            "Pod", Map.of("spec.nodeName", "spec.nodeName", "status.phase", "status.phase",
                    "spec.restartPolicy", "spec.restartPolicy", "spec.schedulerName", "spec.schedulerName",
                    "spec.serviceAccountName", "spec.serviceAccountName", "status.podIP", "status.podIP",
                    "status.nominatedNodeName", "status.nominatedNodeName", "spec.hostNetwork", "spec.hostNetwork"),
            "Event", Map.of("involvedObject.kind", "involvedObject.kind", "involvedObject.namespace", "involvedObject.namespace",
                    "involvedObject.name", "involvedObject.name", "involvedObject.uid", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.resourceVersion", "involvedObject.fieldPath", "involvedObject.fieldPath",
                    "reason", "reason", "type", "type", "source", "source.component"),
            "Secret", Map.of("type", "type"),
            "Node", Map.of("spec.unschedulable", "spec.unschedulable"),
            "Namespace", Map.of("status.phase", "status.phase"),
            "Job", Map.of("status.successful", "status.successful"),
            "ReplicaSet", Map.of("status.replicas", "status.replicas"));

    private static final Set<String> BOOLEAN_FIELDS = Set.of("spec.unschedulable", "spec.hostNetwork");

    private FieldIndex() {
    }

    public static Set<String> supported(ResourceType type) {
        Map<String, String> extra = EXTRA.getOrDefault(type.kind(), Map.of());
        java.util.HashSet<String> out = new java.util.HashSet<>(extra.keySet());
        out.add("metadata.name");
        if (type.namespaced()) {
            out.add("metadata.namespace");
        }
        return out;
    }

    public static Map<String, String> values(ResourceType type, ObjectNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("metadata.name", nullToEmpty(Meta.name(object)));
        if (type.namespaced()) {
            out.put("metadata.namespace", nullToEmpty(Meta.namespace(object)));
        }
        EXTRA.getOrDefault(type.kind(), Map.of()).forEach((field, path) -> out.put(field, at(object, path)));
        return out;
    }

    private static String at(JsonNode node, String path) {
        JsonNode cur = node;
        for (String part : path.split("\\.")) {
            cur = cur == null ? null : cur.get(part);
        }
        if (cur == null || cur.isNull()) {
            return BOOLEAN_FIELDS.contains(path) ? "false" : "";
        }
        return cur.asText();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
