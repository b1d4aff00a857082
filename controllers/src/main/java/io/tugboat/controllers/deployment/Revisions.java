package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The annotations kubectl's rollout commands read: a revision number per ReplicaSet (and the Deployment's
 * current one), the revisions a ReplicaSet held before (revision-history), and the desired and maximum
 * replica counts a ReplicaSet was sized for (proportional scaling reads them).
 */
final class Revisions {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** Annotations of the Deployment that are not copied to its ReplicaSets (kube's annotationsToSkip). */
    private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
            MAX_REPLICAS, "deprecated.deployment.rollback.to");

    private Revisions() {
    }

    static long of(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        if (a == null || !a.containsKey(REVISION)) {
            return 0;
        }
        try {
            return Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long max(Collection<ReplicaSet> sets) {
        return sets.stream().mapToLong(Revisions::of).max().orElse(0);
    }

    /**
     * The new ReplicaSet's annotations for revision {@code newRevision} (kube's SetNewReplicaSetAnnotations): the
     * Deployment's own annotations copied (change-cause among them), the revision raised, the old revision
     * appended to the history, and (when {@code maxReplicas} is not negative, i.e. for a ReplicaSet being
     * created) the replica annotations.
     */
    static Map<String, String> forNewReplicaSet(Deployment d, ReplicaSet rs, long newRevision, int maxReplicas) {
        Map<String, String> out = new LinkedHashMap<>(rs.getMetadata().getAnnotations() == null ? Map.of() : rs.getMetadata().getAnnotations());
        Map<String, String> own = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
        own.forEach((k, v) -> {
            if (!NOT_COPIED.contains(k)) {
                out.put(k, v);
            }
        });
        String old = out.get(REVISION);
        long oldRevision = 0;
        try {
            oldRevision = old == null ? 0 : Long.parseLong(old);
        } catch (NumberFormatException e) {
            old = null;
        }
        if (oldRevision < newRevision) {
            out.put(REVISION, Long.toString(newRevision));
            if (old != null && !old.isEmpty()) {
                String history = out.get(REVISION_HISTORY);
                out.put(REVISION_HISTORY, history == null || history.isEmpty() ? old : history + "," + old);
            }
        }
        if (maxReplicas >= 0) {
            out.putAll(replicaAnnotations(Deployments.replicas(d), maxReplicas));
        }
        return out;
    }

    static Map<String, String> replicaAnnotations(int desired, int max) {
        return Map.of(DESIRED_REPLICAS, Integer.toString(desired), MAX_REPLICAS, Integer.toString(max));
    }

    /** The annotations with the replica annotations set; the same map when nothing changes. */
    static Map<String, String> withReplicaAnnotations(Map<String, String> annotations, int desired, int max) {
        Map<String, String> current = annotations == null ? Map.of() : annotations;
        Map<String, String> wanted = replicaAnnotations(desired, max);
        if (wanted.entrySet().stream().allMatch(e -> Objects.equals(current.get(e.getKey()), e.getValue()))) {
            return current;
        }
        Map<String, String> out = new HashMap<>(current);
        out.putAll(wanted);
        return out;
    }

    /** The desired-replicas annotation, or -1 when absent or unreadable. */
    static int desiredReplicas(ReplicaSet rs) {
        return intAnnotation(rs, DESIRED_REPLICAS);
    }

    static int maxReplicas(ReplicaSet rs) {
        return intAnnotation(rs, MAX_REPLICAS);
    }

    private static int intAnnotation(ReplicaSet rs, String name) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        if (a == null || !a.containsKey(name)) {
            return -1;
        }
        try {
            return Integer.parseInt(a.get(name));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
