package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.api.patch.JsonPatch;
import io.tugboat.api.patch.MergePatch;
import io.tugboat.api.patch.PatchException;
import io.tugboat.api.patch.StrategicMergePatch;

/** Applies a JSON, merge or strategic merge patch to an object, answering bad patches with a Status. */
final class PatchTypes {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final StrategicMergePatch strategic = StrategicMergePatch.builtIn();

    /** {@code type} may be null for objects that are not stored kinds (a Scale): strategic then merges plainly. */
    ObjectNode apply(String contentType, ResourceType type, ObjectNode original, JsonNode patch) {
        JsonNode result;
        try {
            result = switch (contentType) {
                case JSON_PATCH -> JsonPatch.apply(original, patch);
                case MERGE_PATCH -> MergePatch.apply(original, patch);
                case STRATEGIC_MERGE_PATCH -> strategic.apply(type == null ? "Scale.autoscaling" : kindKey(type), original, patch);
                default -> throw StatusException.unsupportedMediaType(contentType, PatchHandler.ACCEPTED);
            };
        } catch (PatchException e) {
            throw e.toStatus();
        }
        if (!(result instanceof ObjectNode object)) {
            throw StatusException.badRequest("the patch does not leave an object");
        }
        return object;
    }

    static String kindKey(ResourceType type) {
        return type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    }
}
