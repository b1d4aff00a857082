package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.api.labels.LabelSelector;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.protobuf.ProtobufDecoder;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The /scale subresource: an autoscaling/v1 Scale view of a workload's replicas. Reads derive it from the
 * object; writes (PUT or PATCH of the Scale) change only spec.replicas of the object.
 */
final class ScaleHandler {

    private final ObjectRegistry registry;
    private final PatchHandler patches;
    private final ProtobufDecoder protobuf;

    ScaleHandler(ObjectRegistry registry, PatchHandler patches, ProtobufDecoder protobuf) {
        this.registry = registry;
        this.patches = patches;
        this.protobuf = protobuf;
    }

    void handle(HttpExchange ex, RequestPath rp) {
        ResourceType type = rp.type();
        switch (ex.method()) {
            case "GET" -> Responses.json(ex, 200, scaleOf(registry.get(type, rp.namespace(), rp.name())));
            case "PUT" -> {
                ObjectNode body = Bodies.object(ex, protobuf);
                write(ex, rp, Meta.resourceVersion(body), body.path("spec").path("replicas"));
            }
            case "PATCH" -> {
                byte[] raw = ex.body(Bodies.MAX_BODY_BYTES);
                ObjectNode current = scaleOf(registry.get(type, rp.namespace(), rp.name()));
                ObjectNode patched = patches.applyToScale(ex.header("Content-Type"), current, raw);
                String rv = Meta.resourceVersion(patched);
                write(ex, rp, rv != null && !rv.equals(Meta.resourceVersion(current)) ? rv : null,
                        patched.path("spec").path("replicas"));
            }
            default -> throw StatusException.methodNotAllowed(ex.method() + " is not supported on scale");
        }
    }

    private void write(HttpExchange ex, RequestPath rp, String expectedVersion, JsonNode replicas) {
        ResourceType type = rp.type();
        if (!replicas.isIntegralNumber()) {
            throw StatusException.invalid("autoscaling", "Scale", rp.name(), List.of(StatusCause.required("spec.replicas")));
        }
        if (replicas.asInt() < 0) {
            throw StatusException.invalid("autoscaling", "Scale", rp.name(),
                    List.of(StatusCause.invalid("spec.replicas", replicas.asInt(), "must be greater than or equal to 0")));
        }
        ObjectNode updated = registry.guaranteedUpdate(type, rp.namespace(), rp.name(), expectedVersion, false,
                QueryOptions.dryRun(ex), current -> {
                    current.with("spec").put("replicas", replicas.asInt());
                    return current;
                });
        Responses.json(ex, 200, scaleOf(updated));
    }

    static ObjectNode scaleOf(ObjectNode object) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (object.path("metadata").has(f)) {
                meta.set(f, object.path("metadata").get(f));
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        JsonNode selector = object.path("spec").path("selector");
        if (selector.isObject()) {
            try {
                var typed = Json.MAPPER.treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class);
                status.put("selector", selectorString(LabelSelector.of(typed)));
            } catch (Exception e) {
                // an unparsable selector is left out of the view; the object itself was validated on write
            }
        }
        return scale;
    }

    private static String selectorString(LabelSelector selector) {
        return selector.requirements().stream().map(r -> switch (r.operator()) {
            case EQUALS -> r.key() + "=" + r.values().iterator().next();
            case NOT_EQUALS -> r.key() + "!=" + r.values().iterator().next();
            case IN -> r.key() + " in (" + String.join(",", r.values().stream().sorted().toList()) + ")";
            case NOT_IN -> r.key() + " notin (" + String.join(",", r.values().stream().sorted().toList()) + ")";
            case EXISTS -> r.key();
            case DOES_NOT_EXIST -> "!" + r.key();
            case GREATER_THAN -> r.key() + ">" + r.values().iterator().next();
            case LESS_THAN -> r.key() + "<" + r.values().iterator().next();
        }).sorted().collect(Collectors.joining(","));
    }
}
