package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.api.labels.LabelSelector;
import io.tugboat.api.policy.DisruptionBudgetMath;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.protobuf.ProtobufDecoder;
import io.tugboat.apiserver.registry.DeleteOptions;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POST pods/{name}/eviction (policy/v1 Eviction): deletes the pod unless that would take the one
 * PodDisruptionBudget covering it below its desired healthy count, in which case 429 TooManyRequests with kube's
 * message and a DisruptionBudget cause. The budget's figures are computed here from the pods and their controllers
 * (there is no disruption controller keeping its status); evictions in a namespace are serialized in this server so
 * that two concurrent ones cannot both spend the last allowed disruption.
 */
final class EvictionHandler {

    static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final ObjectRegistry registry;
    private final ProtobufDecoder protobuf;
    private final ResourceType budgets;
    private final ResourceTypes types;
    private final Map<String, Object> namespaceLocks = new ConcurrentHashMap<>();

    EvictionHandler(ObjectRegistry registry, ResourceTypes types, ProtobufDecoder protobuf) {
        this.registry = registry;
        this.protobuf = protobuf;
        this.types = types;
        this.budgets = types.byPlural(new GroupVersion("policy", "v1"), "poddisruptionbudgets").orElseThrow();
    }

    void handle(HttpExchange ex, RequestPath rp) {
        if (!ex.method().equals("POST")) {
            throw StatusException.methodNotAllowed(ex.method() + " is not supported on pods/eviction");
        }
        ObjectNode eviction = Bodies.object(ex, protobuf);
        String kind = eviction.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals("Eviction")) {
            throw StatusException.badRequest("not an Eviction object: " + kind);
        }
        String bodyName = Meta.name(eviction);
        if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(rp.name())) {
            throw StatusException.badRequest("name in URL does not match name in Eviction object");
        }
        DeleteOptions options = deleteOptions(eviction.path("deleteOptions"), QueryOptions.dryRun(ex));
        ResourceType pods = rp.type();
        synchronized (namespaceLocks.computeIfAbsent(rp.namespace(), n -> new Object())) {
            Pod pod = typed(registry.get(pods, rp.namespace(), rp.name()), Pod.class);
            if (!ignoresBudgets(pod)) {
                checkBudget(pods, pod);
            }
            registry.delete(pods, rp.namespace(), rp.name(), options);
        }
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        Responses.json(ex, 201, status);
    }

    /** kube lets go without a budget check a pod that is finished, never started, or already going. */
    private static boolean ignoresBudgets(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase)
                || "Pending".equals(phase);
    }

    private void checkBudget(ResourceType pods, Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<PodDisruptionBudget> covering = registry.list(budgets, ns, ListOptions.ALL).items().stream()
                .map(o -> typed(o, PodDisruptionBudget.class))
                .filter(b -> b.getSpec() != null && b.getSpec().getSelector() != null && selector(b).matches(labels))
                .toList();
        if (covering.isEmpty()) {
            return;
        }
        if (covering.size() > 1) {
            throw StatusException.internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        PodDisruptionBudget budget = covering.getFirst();
        LabelSelector selector = selector(budget);
        List<Pod> selected = registry.list(pods, ns, ListOptions.ALL).items().stream().map(o -> typed(o, Pod.class))
                .filter(p -> selector.matches(p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels()))
                .toList();
        DisruptionBudgetMath math = DisruptionBudgetMath.of(budget.getSpec(), selected, controllersScale(selected));
        // an unready pod costs no healthy pod; kube's IfHealthyBudget lets it go while the budget is met
        boolean allowed = DisruptionBudgetMath.healthy(pod) ? math.disruptionsAllowed() > 0
                : math.currentHealthy() >= math.desiredHealthy();
        if (!allowed) {
            throw new StatusException(429, "TooManyRequests", VIOLATION, null, null, null, List.of(new StatusCause(
                    "DisruptionBudget", "The disruption budget " + budget.getMetadata().getName() + " needs "
                    + math.desiredHealthy() + " healthy pods and has " + math.currentHealthy() + " currently", null)));
        }
    }

    /** The sum of spec.replicas over the pods' distinct controllers; a pod without a known controller counts one. */
    private int controllersScale(List<Pod> selected) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        int bare = 0;
        for (Pod p : selected) {
            Optional<OwnerReference> ref = p.getMetadata().getOwnerReferences() == null ? Optional.empty()
                    : p.getMetadata().getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
            Optional<ResourceType> owner = ref.flatMap(r -> types.byKind(r.getApiVersion(), r.getKind()));
            if (ref.isEmpty() || owner.isEmpty()) {
                bare++;
                continue;
            }
            scales.computeIfAbsent(ref.get().getUid(), uid -> registry.find(owner.get(), p.getMetadata().getNamespace(), ref.get().getName())
                    .map(o -> o.path("spec").path("replicas").asInt(1)).orElse(0));
        }
        return bare + scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static LabelSelector selector(PodDisruptionBudget budget) {
        // policy/v1: a null selector matches nothing (filtered out above), an empty one every pod
        return LabelSelector.of(budget.getSpec().getSelector());
    }

    private static DeleteOptions deleteOptions(JsonNode options, boolean dryRun) {
        Long grace = options.hasNonNull("gracePeriodSeconds") ? options.get("gracePeriodSeconds").asLong() : null;
        JsonNode pre = options.path("preconditions");
        String uid = pre.hasNonNull("uid") ? pre.get("uid").asText() : null;
        String rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null;
        boolean dry = dryRun || (options.path("dryRun").isArray() && !options.get("dryRun").isEmpty());
        String propagation = options.hasNonNull("propagationPolicy") ? options.get("propagationPolicy").asText() : null;
        return new DeleteOptions(propagation, grace, uid, rv, dry);
    }

    private static <T> T typed(ObjectNode node, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw StatusException.internal("stored object cannot be read: " + e.getOriginalMessage());
        }
    }
}
