package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.EnumSet;
import java.util.Locale;

/**
 * JSON Patch (RFC 6902, {@code application/json-patch+json}), applied with zjsonpatch. As in Kubernetes, a body that
 * is not a list of operations is a bad request (400) and an operation that cannot be applied (a failed
 * {@code test}, a missing path, an unknown op) makes the patch unprocessable (422).
 */
public final class JsonPatch {

    /** Kubernetes' limit on operations per JSON patch. */
    public static final int MAX_OPERATIONS = 10_000;

    // RFC 6902 says removing a missing member is an error; zjsonpatch only says so when asked.
    private static final EnumSet<CompatibilityFlags> FLAGS = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private JsonPatch() {
    }

    /** Returns the patched copy of {@code original}; neither argument is modified. */
    public static JsonNode apply(JsonNode original, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw PatchException.badRequest("a JSON patch must be a list of operations");
        }
        if (patch.size() > MAX_OPERATIONS) {
            throw new PatchException(PatchException.Reason.REQUEST_ENTITY_TOO_LARGE,
                    "The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS + ", got " + patch.size());
        }
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw PatchException.badRequest("a JSON patch operation must be an object, got: " + op);
            }
        }
        try {
            return io.fabric8.zjsonpatch.JsonPatch.apply(patch, original, FLAGS);
        } catch (JsonPatchException e) {
            throw new PatchException(PatchException.Reason.INVALID, describe(e), e);
        } catch (IllegalArgumentException e) {
            // zjsonpatch reports an unknown "op" and malformed pointers this way.
            throw new PatchException(PatchException.Reason.INVALID, "invalid JSON patch: " + e.getMessage(), e);
        }
    }

    private static String describe(JsonPatchException e) {
        StringBuilder sb = new StringBuilder("the JSON patch could not be applied");
        if (e.getOperation() != null) {
            sb.append(": ").append(e.getOperation().name().toLowerCase(Locale.ROOT));
            if (e.getPath() != null) {
                sb.append(' ').append(e.getPath());
            }
        }
        return sb.append(": ").append(e.getMessage()).toString();
    }
}
