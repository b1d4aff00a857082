package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.tugboat.controllers.support.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one sync of one Deployment works on: the Deployment, the ReplicaSets it controls split into the new one
 * (whose template is the Deployment's) and the old ones, and their pods. Writes during the sync replace the
 * objects here with what the API returned, so later steps see them.
 */
final class Rollout {

    Deployment deployment;
    ReplicaSet newRS;
    final List<ReplicaSet> old = new ArrayList<>();
    private final Map<String, List<Pod>> podsByReplicaSetUid;

    Rollout(Deployment deployment, List<ReplicaSet> owned, Map<String, List<Pod>> podsByReplicaSetUid) {
        this.deployment = deployment;
        this.podsByReplicaSetUid = podsByReplicaSetUid;
        List<ReplicaSet> byAge = new ArrayList<>(owned);
        byAge.sort(ReplicaSetOrder.OLDEST_FIRST);
        for (ReplicaSet rs : byAge) {
            if (newRS == null && TemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(), deployment.getSpec().getTemplate())) {
                newRS = rs; // the oldest one with the template, as kube's FindNewReplicaSet
            } else {
                old.add(rs);
            }
        }
    }

    /** The new ReplicaSet (if any) first, then the old ones. */
    List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>();
        if (newRS != null) {
            all.add(newRS);
        }
        all.addAll(old);
        return all;
    }

    /** Old ReplicaSets that still have replicas (kube's FilterActiveReplicaSets). */
    List<ReplicaSet> activeOld() {
        return old.stream().filter(rs -> Deployments.specReplicas(rs) > 0).toList();
    }

    void replace(ReplicaSet updated) {
        String uid = updated.getMetadata().getUid();
        if (newRS != null && newRS.getMetadata().getUid().equals(uid)) {
            newRS = updated;
            return;
        }
        old.replaceAll(rs -> rs.getMetadata().getUid().equals(uid) ? updated : rs);
    }

    List<Pod> podsOf(ReplicaSet rs) {
        return rs == null ? List.of() : podsByReplicaSetUid.getOrDefault(rs.getMetadata().getUid(), List.of());
    }

    /** Pods of these ReplicaSets that count (not terminating, not finished): what is really running or coming. */
    int activePods(List<ReplicaSet> sets) {
        return (int) sets.stream().flatMap(rs -> podsOf(rs).stream()).filter(Pods::isActive).count();
    }

    int availablePods(List<ReplicaSet> sets, int minReadySeconds, Instant now) {
        return (int) sets.stream().flatMap(rs -> podsOf(rs).stream())
                .filter(p -> Pods.isActive(p) && Pods.isAvailable(p, minReadySeconds, now)).count();
    }
}
