package io.tugboat.api.patch;

import io.tugboat.api.patch.managed.FieldPath;
import io.tugboat.api.patch.managed.FieldSet;
import io.tugboat.api.patch.managed.ObjectDiff;
import java.util.List;

/**
 * Fields no manager owns through a given endpoint. Some are server-managed metadata Kubernetes strips from every
 * field set; the others are the part of the object an endpoint ignores: a write to the main resource cannot
 * change status, and a write to /status cannot change spec.
 */
record ResetFields(List<FieldPath> subtrees) {

    /** Exact paths Kubernetes never records ownership of. */
    private static final FieldSet STRIPPED = FieldSet.of(
            FieldPath.of("apiVersion"),
            FieldPath.of("kind"),
            FieldPath.of("metadata"),
            FieldPath.of("metadata", "name"),
            FieldPath.of("metadata", "namespace"),
            FieldPath.of("metadata", "creationTimestamp"),
            FieldPath.of("metadata", "selfLink"),
            FieldPath.of("metadata", "uid"),
            FieldPath.of("metadata", "clusterName"),
            FieldPath.of("metadata", "generation"),
            FieldPath.of("metadata", "managedFields"),
            FieldPath.of("metadata", "resourceVersion"));

    ResetFields {
        subtrees = List.copyOf(subtrees);
    }

    static ResetFields forSubresource(String subresource) {
        return switch (subresource) {
            case "" -> new ResetFields(List.of(FieldPath.of("status")));
            case "status" -> new ResetFields(List.of(FieldPath.of("spec")));
            default -> new ResetFields(List.of());
        };
    }

    FieldSet filter(FieldSet set) {
        return set.difference(STRIPPED).withoutSubtrees(subtrees);
    }

    ObjectDiff.Changes filter(ObjectDiff.Changes changes) {
        return changes.without(STRIPPED, subtrees);
    }
}
