package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.tugboat.controllers.support.Times;
import java.time.Instant;
import java.util.Comparator;

/** Orders of ReplicaSets the rollout steps use. */
final class ReplicaSetOrder {

    private ReplicaSetOrder() {
    }

    private static Instant created(ReplicaSet rs) {
        return Times.parse(rs.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
    }

    /** kube's ReplicaSetsByCreationTimestamp: oldest first, name breaks ties. */
    static final Comparator<ReplicaSet> OLDEST_FIRST = Comparator.comparing(ReplicaSetOrder::created)
            .thenComparing(rs -> rs.getMetadata().getName());

    static final Comparator<ReplicaSet> NEWEST_FIRST = OLDEST_FIRST.reversed();

    /** kube's ReplicaSetsByRevision: lowest revision first, then by age. */
    static final Comparator<ReplicaSet> BY_REVISION = Comparator.comparingLong(Revisions::of).thenComparing(OLDEST_FIRST);

    /** kube's ReplicaSetsBySizeNewer: largest first, newer first among equals (where surplus pods go). */
    static final Comparator<ReplicaSet> LARGEST_NEWEST_FIRST = Comparator.comparingInt(Deployments::specReplicas).reversed()
            .thenComparing(NEWEST_FIRST);

    /** kube's ReplicaSetsBySizeOlder: largest first, older first among equals (where removals come from). */
    static final Comparator<ReplicaSet> LARGEST_OLDEST_FIRST = Comparator.comparingInt(Deployments::specReplicas).reversed()
            .thenComparing(OLDEST_FIRST);
}
