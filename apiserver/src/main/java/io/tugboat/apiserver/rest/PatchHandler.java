package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.MediaType;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import java.util.List;

/**
 * PATCH in its four forms: JSON patch, merge patch, strategic merge patch, and server-side apply (which
 * creates the object when it is absent). The patch is applied to the stored object inside the registry's
 * optimistic update loop, so a concurrent change re-applies it rather than losing either write.
 */
final class PatchHandler {

    static final List<String> ACCEPTED = List.of(PatchTypes.JSON_PATCH, PatchTypes.MERGE_PATCH,
            PatchTypes.STRATEGIC_MERGE_PATCH, PatchTypes.APPLY_PATCH);

    private final ObjectRegistry registry;
    private final NamespaceLifecycle namespaces;
    private final FieldValidation fieldValidation;
    private final ManagedFields managedFields;
    private final PatchTypes patchTypes;

    PatchHandler(ObjectRegistry registry, NamespaceLifecycle namespaces, FieldValidation fieldValidation,
            ManagedFields managedFields, PatchTypes patchTypes) {
        this.registry = registry;
        this.namespaces = namespaces;
        this.fieldValidation = fieldValidation;
        this.managedFields = managedFields;
        this.patchTypes = patchTypes;
    }

    void patch(HttpExchange ex, RequestPath rp) {
        ResourceType type = rp.type();
        String contentType = mediaType(ex.header("Content-Type"));
        byte[] raw = ex.body(Bodies.MAX_BODY_BYTES);
        boolean dryRun = QueryOptions.dryRun(ex);
        boolean statusOnly = "status".equals(rp.subresource());
        if (contentType.equals(PatchTypes.APPLY_PATCH)) {
            apply(ex, rp, raw, dryRun, statusOnly);
            return;
        }
        JsonNode patch = Bodies.parse(raw, false);
        ObjectNode updated = registry.guaranteedUpdate(type, rp.namespace(), rp.name(), pinnedVersion(patch), statusOnly, dryRun,
                current -> {
                    ObjectNode patched = patchTypes.apply(contentType, type, current, patch);
                    fieldValidation.apply(ex, type, patched);
                    return managedFields.recordUpdate(ex, type, current, patched, statusOnly ? "status" : "");
                });
        Responses.json(ex, 200, updated);
    }

    /** Server-side apply: create when absent, otherwise merge the applied configuration with field ownership. */
    private void apply(HttpExchange ex, RequestPath rp, byte[] raw, boolean dryRun, boolean statusOnly) {
        ResourceType type = rp.type();
        String manager = ex.query("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw StatusException.badRequest("PATCH requests with application/apply-patch+yaml must set the fieldManager parameter");
        }
        boolean force = "true".equals(ex.query("force"));
        JsonNode parsed = Bodies.parse(raw, true);
        if (!(parsed instanceof ObjectNode applied)) {
            throw StatusException.badRequest("the applied configuration must be an object");
        }
        ResourceHandler.checkKind(type, applied);
        fieldValidation.apply(ex, type, applied);
        if (registry.find(type, rp.namespace(), rp.name()).isEmpty() && !statusOnly) {
            ObjectNode created = managedFields.apply(type, null, applied, manager, force, "");
            Meta.metadata(created).put("name", rp.name());
            ResourceHandler.prepareNamespace(type, rp.namespace(), created);
            namespaces.admitCreate(type, rp.namespace(), rp.name());
            try {
                Responses.json(ex, 201, registry.create(type, created, dryRun));
                return;
            } catch (StatusException e) {
                if (e.code() != 409) {
                    throw e;
                }
                // created concurrently: fall through and apply onto it
            }
        }
        ObjectNode updated = registry.guaranteedUpdate(type, rp.namespace(), rp.name(), null, statusOnly, dryRun,
                current -> managedFields.apply(type, current, applied, manager, force, statusOnly ? "status" : ""));
        Responses.json(ex, 200, updated);
    }

    /** A Scale patched as a client sent it (the Scale is built from the object by the caller). */
    ObjectNode applyToScale(String contentTypeHeader, ObjectNode scale, byte[] raw) {
        String contentType = mediaType(contentTypeHeader);
        if (contentType.equals(PatchTypes.APPLY_PATCH)) {
            JsonNode applied = Bodies.parse(raw, true);
            return patchTypes.apply(PatchTypes.MERGE_PATCH, null, scale, applied);
        }
        return patchTypes.apply(contentType, null, scale, Bodies.parse(raw, false));
    }

    private static String mediaType(String header) {
        String type = header == null ? "" : MediaType.parse(header).type();
        if (!ACCEPTED.contains(type)) {
            throw StatusException.unsupportedMediaType(header, ACCEPTED);
        }
        return type;
    }

    /** A resourceVersion inside a patch pins the version it applies to, as in Kubernetes. */
    private static String pinnedVersion(JsonNode patch) {
        JsonNode rv = patch.path("metadata").path("resourceVersion");
        return rv.isTextual() && !rv.asText().isEmpty() ? rv.asText() : null;
    }
}
