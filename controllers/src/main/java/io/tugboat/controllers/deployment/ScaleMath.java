package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/** The pod counts of a rolling update (kube's NewRSNewReplicas and the bounds of reconcileOldReplicaSets). */
final class ScaleMath {

    private ScaleMath() {
    }

    /**
     * How large the new ReplicaSet may be now. Beyond kube, the pods that really exist count as well as the
     * ReplicaSets' sizes: an old ReplicaSet that was shrunk but has not yet removed its pod still has it, and
     * the surge bound is about pods.
     */
    static int newReplicaSetReplicas(Rollout r, ReplicaSet newRS) {
        Deployment d = r.deployment;
        int desired = Deployments.replicas(d);
        if (!Deployments.isRollingUpdate(d)) {
            return desired;
        }
        int newSize = Deployments.specReplicas(newRS);
        List<ReplicaSet> all = r.all();
        int current = Math.max(Deployments.sumSpec(all), r.activePods(all));
        return newReplicaSetSize(desired, Surge.of(d).surge(), current, newSize);
    }

    /** Pure form: grow toward {@code desired} by what the surge leaves room for. */
    static int newReplicaSetSize(int desired, int surge, int currentPods, int newSize) {
        int maxTotal = desired + surge;
        if (currentPods >= maxTotal) {
            return newSize;
        }
        int up = Math.min(maxTotal - currentPods, desired - newSize);
        return newSize + Math.max(up, 0);
    }

    /**
     * How many old pods may go now without breaking availability (kube's maxScaledDown): all pods, less the
     * minimum available, less the new pods that are not available yet.
     */
    static int maxScaledDown(int allPods, int desired, int maxUnavailable, int newSize, int newAvailable) {
        int minAvailable = desired - maxUnavailable;
        int newUnavailable = newSize - newAvailable;
        return allPods - minAvailable - newUnavailable;
    }
}
