package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.http.ResponseForm;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.protobuf.ProtobufDecoder;
import io.tugboat.apiserver.registry.DeleteOptions;
import io.tugboat.apiserver.registry.DeleteOutcome;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.apiserver.registry.ListPage;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.apiserver.streams.PodStreamHandlers;
import java.util.ArrayList;
import java.util.List;

/** The REST verbs on one kind: get, list, watch, create, update, patch, delete, deletecollection. */
public final class ResourceHandler {

    private final ObjectRegistry registry;
    private final Renderer renderer;
    private final WatchHandler watches;
    private final NamespaceLifecycle namespaces;
    private final FieldValidation fieldValidation;
    private final PatchHandler patches;
    private final ScaleHandler scale;
    private final ManagedFields managedFields;
    private final ProtobufDecoder protobuf;
    private final BindingHandler binding;
    private final PodStreamHandlers podStreams;
    private final EvictionHandler eviction;
    private final PriorityAdmission priorities;

    ResourceHandler(ObjectRegistry registry, Renderer renderer, NamespaceLifecycle namespaces, FieldValidation fieldValidation,
            PatchHandler patches, ScaleHandler scale, ManagedFields managedFields, ProtobufDecoder protobuf,
            BindingHandler binding, PodStreamHandlers podStreams, EvictionHandler eviction, PriorityAdmission priorities) {
        this.registry = registry;
        this.renderer = renderer;
        this.watches = new WatchHandler(registry, renderer);
        this.namespaces = namespaces;
        this.fieldValidation = fieldValidation;
        this.patches = patches;
        this.scale = scale;
        this.managedFields = managedFields;
        this.protobuf = protobuf;
        this.binding = binding;
        this.podStreams = podStreams;
        this.eviction = eviction;
        this.priorities = priorities;
    }

    public void handle(HttpExchange ex, RequestPath rp) {
        ResourceType type = rp.type();
        String sub = rp.subresource();
        if (sub != null && rp.name() != null && isCorePods(type)) {
            if (sub.equals("binding")) {
                binding.handle(ex, rp);
                return;
            }
            if (sub.equals("eviction")) {
                eviction.handle(ex, rp);
                return;
            }
            if (PodStreamHandlers.serves(sub)) {
                podStreams.serve(ex, rp);
                return;
            }
        }
        if (sub != null) {
            boolean known = (sub.equals("status") && type.hasStatus()) || (sub.equals("scale") && type.hasScale())
                    || (sub.equals("finalize") && type.kind().equals("Namespace"));
            if (!known) {
                throw StatusException.noSuchResource();
            }
            if (sub.equals("scale")) {
                scale.handle(ex, rp);
                return;
            }
        }
        String method = ex.method();
        if (rp.isCollection()) {
            switch (method) {
                case "GET" -> {
                    ResponseForm form = ResponseForm.negotiate(ex.header("Accept"));
                    if (isWatch(ex)) {
                        // a plain HTTP stream, or a WebSocket when the client asks for an upgrade (fabric8 does)
                        watches.watch(ex, type, rp.namespace(), form);
                    } else {
                        list(ex, rp, form);
                    }
                }
                case "POST" -> create(ex, rp);
                case "DELETE" -> deleteCollection(ex, rp);
                default -> throw StatusException.methodNotAllowed(method + " is not supported on a collection of " + type.plural());
            }
            return;
        }
        switch (method) {
            case "GET" -> {
                ResponseForm form = ResponseForm.negotiate(ex.header("Accept"));
                ObjectNode obj = registry.get(type, rp.namespace(), rp.name());
                Responses.json(ex, 200, renderer.object(type, obj, form, ex.query("includeObject")));
            }
            case "PUT" -> update(ex, rp);
            case "PATCH" -> patches.patch(ex, rp);
            case "DELETE" -> delete(ex, rp);
            default -> throw StatusException.methodNotAllowed(method + " is not supported on " + type.plural());
        }
    }

    private static boolean isCorePods(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("pods");
    }

    private static boolean isWatch(HttpExchange ex) {
        String w = ex.query("watch");
        return w != null && (w.equals("true") || w.equals("1"));
    }

    private void list(HttpExchange ex, RequestPath rp, ResponseForm form) {
        ListOptions options = QueryOptions.list(ex, rp.type());
        ListPage page = registry.list(rp.type(), rp.namespace(), options);
        Responses.json(ex, 200, renderer.list(rp.type(), page, form, ex.query("includeObject")));
    }

    private void create(HttpExchange ex, RequestPath rp) {
        ResourceType type = rp.type();
        ObjectNode body = Bodies.object(ex, protobuf);
        checkKind(type, body);
        prepareNamespace(type, rp.namespace(), body);
        namespaces.admitCreate(type, rp.namespace(), Meta.name(body));
        fieldValidation.apply(ex, type, body);
        priorities.admitCreate(type, body);
        ObjectNode tracked = managedFields.recordUpdate(ex, type, null, body, "");
        ObjectNode created = registry.create(type, tracked, QueryOptions.dryRun(ex));
        Responses.json(ex, 201, created);
    }

    private void update(HttpExchange ex, RequestPath rp) {
        ResourceType type = rp.type();
        ObjectNode body = Bodies.object(ex, protobuf);
        checkKind(type, body);
        fieldValidation.apply(ex, type, body);
        boolean statusOnly = "status".equals(rp.subresource());
        boolean finalize = "finalize".equals(rp.subresource());
        ObjectNode updated;
        if (finalize) {
            // finalize may change only spec.finalizers of a namespace
            JsonNode finalizers = body.path("spec").path("finalizers");
            updated = registry.guaranteedUpdate(type, rp.namespace(), rp.name(), Meta.resourceVersion(body), false,
                    QueryOptions.dryRun(ex), current -> {
                        current.with("spec").set("finalizers", finalizers.isMissingNode() ? current.arrayNode() : finalizers);
                        return current;
                    });
        } else {
            String expected = Meta.resourceVersion(body);
            updated = registry.guaranteedUpdate(type, rp.namespace(), rp.name(), expected, statusOnly, QueryOptions.dryRun(ex),
                    current -> managedFields.recordUpdate(ex, type, current, body, statusOnly ? "status" : ""));
        }
        Responses.json(ex, 200, updated);
    }

    private void delete(HttpExchange ex, RequestPath rp) {
        DeleteOptions options = deleteOptions(ex);
        DeleteOutcome outcome = registry.delete(rp.type(), rp.namespace(), rp.name(), options);
        if (outcome.gone()) {
            Responses.json(ex, 200, Responses.success(rp.type().group(), rp.type().plural(), rp.name(),
                    Meta.text(outcome.object(), "uid")));
        } else {
            Responses.json(ex, 200, outcome.object());
        }
    }

    private void deleteCollection(HttpExchange ex, RequestPath rp) {
        DeleteOptions options = deleteOptions(ex);
        ListOptions listOptions = QueryOptions.list(ex, rp.type());
        ListPage page = registry.list(rp.type(), rp.namespace(), new ListOptions(listOptions.labels(), listOptions.fields(), 0, null, 0));
        List<ObjectNode> removed = new ArrayList<>();
        for (ObjectNode obj : page.items()) {
            try {
                removed.add(registry.delete(rp.type(), Meta.namespace(obj), Meta.name(obj), options).object());
            } catch (StatusException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        ListPage result = new ListPage(removed, registry.currentRevision(), null, null);
        Responses.json(ex, 200, renderer.list(rp.type(), result, ResponseForm.OBJECT, null));
    }

    private DeleteOptions deleteOptions(HttpExchange ex) {
        String propagation = ex.query("propagationPolicy");
        Long grace = ex.query("gracePeriodSeconds") == null ? null : (long) QueryOptions.intParam(ex, "gracePeriodSeconds", 0);
        String uid = null;
        String rv = null;
        boolean dryRun = QueryOptions.dryRun(ex);
        String contentType = ex.header("Content-Type");
        if (contentType != null || "chunked".equalsIgnoreCase(ex.header("Transfer-Encoding"))
                || (ex.header("Content-Length") != null && !"0".equals(ex.header("Content-Length")))) {
            byte[] raw = ex.body(Bodies.MAX_BODY_BYTES);
            if (raw.length > 0) {
                JsonNode body = Bodies.parse(raw, contentType != null && contentType.contains("yaml"));
                if (body.hasNonNull("propagationPolicy")) {
                    propagation = body.get("propagationPolicy").asText();
                }
                if (body.hasNonNull("gracePeriodSeconds")) {
                    grace = body.get("gracePeriodSeconds").asLong();
                }
                if (body.path("orphanDependents").isBoolean() && propagation == null) {
                    propagation = body.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
                }
                JsonNode pre = body.path("preconditions");
                uid = pre.hasNonNull("uid") ? pre.get("uid").asText() : null;
                rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asText() : null;
                if (body.path("dryRun").isArray() && !body.get("dryRun").isEmpty()) {
                    dryRun = true;
                }
            }
        }
        if (propagation != null && !List.of("Orphan", "Background", "Foreground").contains(propagation)) {
            throw StatusException.invalid("", "DeleteOptions", "", List.of(io.tugboat.api.errors.StatusCause.notSupported(
                    "propagationPolicy", propagation, "supported values: \"Foreground\", \"Background\", \"Orphan\"")));
        }
        return new DeleteOptions(propagation, grace, uid, rv, dryRun);
    }

    static void checkKind(ResourceType type, ObjectNode body) {
        JsonNode kind = body.get("kind");
        JsonNode apiVersion = body.get("apiVersion");
        if (kind == null || kind.asText().isEmpty()) {
            body.put("kind", type.kind());
        } else if (!kind.asText().equals(type.kind())) {
            throw StatusException.badRequest("the object provided is unrecognized (must be of type " + type.kind() + "): "
                    + "kind \"" + kind.asText() + "\" does not match");
        }
        if (apiVersion == null || apiVersion.asText().isEmpty()) {
            body.put("apiVersion", type.apiVersion());
        } else if (!apiVersion.asText().equals(type.apiVersion())) {
            throw StatusException.badRequest("the API version in the data (" + apiVersion.asText()
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
    }

    static void prepareNamespace(ResourceType type, String namespace, ObjectNode body) {
        ObjectNode meta = Meta.metadata(body);
        if (type.namespaced()) {
            if (namespace == null) {
                throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource: "
                        + type.plural() + " must be created in a namespace");
            }
            String bodyNs = Meta.namespace(body);
            if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw StatusException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
    }
}
