package io.tugboat.api.patch;

import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.api.patch.managed.FieldPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server-side apply that would change fields another manager owns. The message is Kubernetes' own, e.g.
 * {@code Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas},
 * which kubectl shows verbatim before suggesting {@code --force-conflicts}.
 */
public final class ApplyConflictException extends PatchException {

    /** One conflicting field and the manager that owns it, described as Kubernetes names managers. */
    public record Conflict(String manager, FieldPath path) {

        /** The Status cause: type FieldManagerConflict, as Kubernetes reports each conflict. */
        public StatusCause toCause() {
            return new StatusCause("FieldManagerConflict", "conflict with " + manager, path.toString());
        }
    }

    private final List<Conflict> conflicts;

    public ApplyConflictException(List<Conflict> conflicts) {
        super(Reason.CONFLICT, message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    @Override
    public StatusException toStatus() {
        List<StatusCause> causes = conflicts.stream().map(Conflict::toCause).toList();
        return new StatusException(code(), reason().statusReason(), getMessage(), null, null, null, causes);
    }

    private static String message(List<Conflict> conflicts) {
        if (conflicts.isEmpty()) {
            throw new IllegalArgumentException("a conflict needs at least one conflicting field");
        }
        if (conflicts.size() == 1) {
            Conflict c = conflicts.getFirst();
            return "Apply failed with 1 conflict: conflict with " + c.manager() + ": " + c.path();
        }
        Map<String, List<FieldPath>> byManager = new TreeMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.manager(), m -> new ArrayList<>()).add(c.path());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, paths) -> {
            lines.add("conflicts with " + manager + ":");
            paths.stream().sorted(Comparator.naturalOrder()).forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
}
