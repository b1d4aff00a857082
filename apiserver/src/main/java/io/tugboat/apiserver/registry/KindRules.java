package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import java.util.Set;

/** The few storage rules that differ by kind: generation tracking, status on create, graceful deletion. */
final class KindRules {

    private static final Set<String> GENERATION_GROUPS = Set.of("apps", "batch");

    private KindRules() {
    }

    static boolean tracksGeneration(ResourceType type) {
        return GENERATION_GROUPS.contains(type.group());
    }

    /** A client cannot create an object with a status it made up; the controllers own it. */
    static void prepareStatusForCreate(ResourceType type, ObjectNode object) {
        switch (type.kind()) {
            case "Pod" -> {
                object.remove("status");
                object.putObject("status").put("phase", "Pending");
            }
            case "PersistentVolume", "PersistentVolumeClaim" -> {
                object.remove("status");
                object.putObject("status").put("phase", "Pending");
            }
            case "Namespace" -> {
                object.remove("status");
                // the namespace finalizer empties the namespace before it may go
                object.with("spec").putArray("finalizers").add("kubernetes");
            }
            case "Node" -> {
                // the agent registers its node with its observed status
            }
            default -> {
                if (type.hasStatus()) {
                    object.remove("status");
                }
            }
        }
    }

    /**
     * The grace period a delete waits for, or null when the kind deletes at once. Only pods bound to a node
     * wait: their agent stops the containers and then removes the pod.
     */
    static Long gracePeriod(ResourceType type, ObjectNode current, Long requested) {
        if (!type.kind().equals("Pod") || !type.group().isEmpty()) {
            return null;
        }
        String node = current.path("spec").path("nodeName").asText("");
        String phase = current.path("status").path("phase").asText("");
        if (node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0L;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        return current.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }
}
