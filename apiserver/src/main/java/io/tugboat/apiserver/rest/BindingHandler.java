package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.protobuf.ProtobufDecoder;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST pods/{name}/binding, the scheduler's write: binds a pod to a node once. As Kubernetes' BindingREST it sets
 * spec.nodeName, copies the Binding's annotations and marks the PodScheduled condition True in one write; a pod
 * already bound, being deleted or still gated is a 409 Conflict on pods/binding.
 */
final class BindingHandler {

    private static final String RESOURCE = "pods/binding";

    private final ObjectRegistry registry;
    private final ProtobufDecoder protobuf;
    private final Clock clock;

    BindingHandler(ObjectRegistry registry, ProtobufDecoder protobuf, Clock clock) {
        this.registry = registry;
        this.protobuf = protobuf;
        this.clock = clock;
    }

    void handle(HttpExchange ex, RequestPath rp) {
        if (!ex.method().equals("POST")) {
            throw StatusException.methodNotAllowed(ex.method() + " is not supported on pods/binding");
        }
        ObjectNode binding = Bodies.object(ex, protobuf);
        checkKind(binding);
        String name = rp.name();
        String bodyName = Meta.name(binding);
        if (!name.equals(bodyName)) {
            throw StatusException.badRequest("name in URL does not match name in Binding object");
        }
        String bodyNs = Meta.namespace(binding);
        if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(rp.namespace())) {
            throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        String node = validateTarget(binding, name);
        String uid = Meta.text(binding, "uid");
        Map<String, String> annotations = Meta.stringMap(binding.path("metadata").path("annotations"));
        ResourceType pods = rp.type();
        registry.guaranteedUpdateWithStatus(pods, rp.namespace(), name, Meta.resourceVersion(binding), QueryOptions.dryRun(ex),
                pod -> {
                    String podUid = Meta.text(pod, "uid");
                    if (uid != null && !uid.isEmpty() && !uid.equals(podUid)) {
                        throw StatusException.conflict("", "pods", name, "Precondition failed: UID in precondition: " + uid
                                + ", UID in object meta: " + podUid);
                    }
                    if (Meta.isDeleting(pod)) {
                        throw conflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
                    }
                    String current = pod.path("spec").path("nodeName").asText("");
                    if (!current.isEmpty()) {
                        throw conflict(name, "pod " + name + " is already assigned to node \"" + current + "\"");
                    }
                    if (!pod.path("spec").path("schedulingGates").isEmpty()) {
                        throw conflict(name, "pod " + name + " has non-empty .spec.schedulingGates");
                    }
                    pod.with("spec").put("nodeName", node);
                    if (!annotations.isEmpty()) {
                        ObjectNode podAnnotations = Meta.metadata(pod).with("annotations");
                        annotations.forEach(podAnnotations::put);
                    }
                    markScheduled(pod);
                    return pod;
                });
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        Responses.json(ex, 201, status);
    }

    private static void checkKind(ObjectNode binding) {
        String kind = binding.path("kind").asText("");
        String apiVersion = binding.path("apiVersion").asText("");
        if ((!kind.isEmpty() && !kind.equals("Binding")) || (!apiVersion.isEmpty() && !apiVersion.equals("v1"))) {
            throw StatusException.badRequest("not a Binding object: " + (apiVersion.isEmpty() ? "" : apiVersion + " ") + kind);
        }
    }

    /** Kubernetes' ValidatePodBinding. */
    private static String validateTarget(ObjectNode binding, String name) {
        JsonNode target = binding.path("target");
        String kind = target.path("kind").asText("");
        String node = target.path("name").asText("");
        List<StatusCause> causes = new ArrayList<>();
        if (!kind.isEmpty() && !kind.equals("Node")) {
            causes.add(StatusCause.notSupported("target.kind", kind, "supported values: \"Node\", \"<empty>\""));
        }
        if (node.isEmpty()) {
            causes.add(StatusCause.required("target.name"));
        }
        if (!causes.isEmpty()) {
            throw StatusException.invalid("", "Binding", name, causes);
        }
        return node;
    }

    /** Sets PodScheduled to True, moving its transition time only when it changes, as podutil.UpdatePodCondition. */
    private void markScheduled(ObjectNode pod) {
        ObjectNode status = pod.with("status");
        ArrayNode conditions = status.withArray("conditions");
        for (JsonNode c : conditions) {
            if ("PodScheduled".equals(c.path("type").asText())) {
                ObjectNode condition = (ObjectNode) c;
                if (!"True".equals(condition.path("status").asText())) {
                    condition.put("status", "True");
                    condition.put("lastTransitionTime", Meta.timestamp(clock.instant()));
                    condition.remove(List.of("reason", "message"));
                }
                return;
            }
        }
        ObjectNode condition = conditions.addObject();
        condition.put("type", "PodScheduled");
        condition.put("status", "True");
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", Meta.timestamp(clock.instant()));
    }

    private static StatusException conflict(String name, String detail) {
        return StatusException.conflict("", RESOURCE, name, detail);
    }
}
