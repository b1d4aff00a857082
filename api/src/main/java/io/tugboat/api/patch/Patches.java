package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.patch.schema.KubernetesSchema;
import io.tugboat.api.patch.schema.PatchSchema;

/**
 * One entry point for the patch types that transform an object on their own: JSON Patch, merge patch and strategic
 * merge patch. Server-side apply also needs a field manager and records ownership, so it is {@link ServerSideApply}.
 */
public final class Patches {

    private final StrategicMergePatch strategic;

    public Patches(PatchSchema schema) {
        this.strategic = new StrategicMergePatch(schema);
    }

    /** Over the built-in Kubernetes kinds. */
    public static Patches builtIn() {
        return new Patches(KubernetesSchema.SCHEMA);
    }

    /**
     * Applies a parsed patch body (see {@link PatchType#parse}) to a copy of {@code original}.
     *
     * @param kindKey {@code "Deployment.apps"}, {@code "Pod"}: selects the strategic merge table
     * @throws PatchException           when the patch is malformed or does not apply
     * @throws IllegalArgumentException for {@link PatchType#APPLY_PATCH}
     */
    public JsonNode apply(PatchType type, String kindKey, JsonNode original, JsonNode patch) {
        return switch (type) {
            case JSON_PATCH -> JsonPatch.apply(original, patch);
            case MERGE_PATCH -> MergePatch.apply(original, patch);
            case STRATEGIC_MERGE_PATCH -> strategic.apply(kindKey, original, patch);
            case APPLY_PATCH -> throw new IllegalArgumentException("server-side apply goes through ServerSideApply");
        };
    }
}
