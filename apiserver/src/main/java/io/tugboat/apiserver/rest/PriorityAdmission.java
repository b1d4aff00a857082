package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * kube's Priority admission on pod create: spec.priorityClassName resolved to spec.priority and spec.preemptionPolicy
 * (the globalDefault class when none is named, else priority 0); the two system classes exist even when not stored.
 * An unknown class, or a priority given that differs from the class's, is refused with kube's 403.
 */
final class PriorityAdmission {

    static final String PREEMPT_LOWER = "PreemptLowerPriority";
    /** kube's built-in classes (scheduling.SystemPriorityClasses). */
    static final Map<String, Integer> SYSTEM = Map.of("system-cluster-critical", 2_000_000_000, "system-node-critical", 2_000_001_000);

    private record Resolved(String name, int value, String preemptionPolicy) {
    }

    private final ObjectRegistry registry;
    private final ResourceType classes;

    PriorityAdmission(ObjectRegistry registry, ResourceTypes types) {
        this.registry = registry;
        this.classes = types.byPlural(new GroupVersion("scheduling.k8s.io", "v1"), "priorityclasses").orElseThrow();
    }

    void admitCreate(ResourceType type, ObjectNode pod) {
        if (!type.group().isEmpty() || !type.plural().equals("pods") || !pod.path("spec").isObject()) {
            return;
        }
        ObjectNode spec = (ObjectNode) pod.get("spec");
        String named = spec.path("priorityClassName").asText("");
        Optional<Resolved> resolved = named.isEmpty() ? globalDefault() : Optional.of(byName(named, pod));
        int value = resolved.map(Resolved::value).orElse(0);
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asInt() != value) {
            throw forbidden(pod, "the integer value of priority (" + given.asInt()
                    + ") must not be provided in pod spec; priority admission controller computed " + value
                    + " from the given PriorityClass name");
        }
        resolved.ifPresent(r -> spec.put("priorityClassName", r.name()));
        spec.put("priority", value);
        if (!spec.hasNonNull("preemptionPolicy")) {
            spec.put("preemptionPolicy", resolved.map(Resolved::preemptionPolicy).orElse(PREEMPT_LOWER));
        }
    }

    private Resolved byName(String name, ObjectNode pod) {
        Optional<ObjectNode> stored = registry.find(classes, null, name);
        if (stored.isPresent()) {
            return resolved(stored.get());
        }
        if (SYSTEM.containsKey(name)) {
            return new Resolved(name, SYSTEM.get(name), PREEMPT_LOWER);
        }
        throw forbidden(pod, "no PriorityClass with name " + name + " was found");
    }

    /** kube picks, of several global defaults, the one with the lowest value. */
    private Optional<Resolved> globalDefault() {
        return registry.list(classes, null, ListOptions.ALL).items().stream()
                .filter(c -> c.path("globalDefault").asBoolean(false))
                .min(Comparator.comparingInt(c -> c.path("value").asInt()))
                .map(PriorityAdmission::resolved);
    }

    private static Resolved resolved(ObjectNode pc) {
        String policy = pc.path("preemptionPolicy").asText("");
        return new Resolved(Meta.name(pc), pc.path("value").asInt(), policy.isEmpty() ? PREEMPT_LOWER : policy);
    }

    private static StatusException forbidden(ObjectNode pod, String reason) {
        String name = Meta.name(pod) == null ? "" : Meta.name(pod);
        return new StatusException(403, "Forbidden", "pods \"" + name + "\" is forbidden: " + reason, "", "pods", name,
                java.util.List.of());
    }
}
