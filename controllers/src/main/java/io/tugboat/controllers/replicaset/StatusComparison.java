package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.List;
import java.util.Objects;

/** Whether a computed status differs from the stored one, reading absent numbers as 0 and absent lists as empty as the wire does. */
final class StatusComparison {

    private StatusComparison() {
    }

    static boolean same(ReplicaSetStatus a, ReplicaSetStatus b) {
        if (a == null || b == null) {
            return a == b;
        }
        return n(a.getReplicas()) == n(b.getReplicas())
                && n(a.getFullyLabeledReplicas()) == n(b.getFullyLabeledReplicas())
                && n(a.getReadyReplicas()) == n(b.getReadyReplicas())
                && n(a.getAvailableReplicas()) == n(b.getAvailableReplicas())
                && n(a.getObservedGeneration()) == n(b.getObservedGeneration())
                && Objects.equals(l(a.getConditions()), l(b.getConditions()));
    }

    private static long n(Number x) {
        return x == null ? 0 : x.longValue();
    }

    private static <T> List<T> l(List<T> x) {
        return x == null ? List.of() : x;
    }
}
