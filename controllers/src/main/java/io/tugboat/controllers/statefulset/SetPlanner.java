package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Pods;
import java.util.ArrayList;
import java.util.List;

/**
 * kube's StatefulSet sync as a pure function of the pods: first every ordinal below replicas exists and is
 * healthy (OrderedReady: one at a time, lowest first, each Running and Ready before the next; Parallel: all at
 * once), then condemned ordinals go (OrderedReady: highest first, one at a time, only while the rest is
 * healthy), then a RollingUpdate replaces pods at or above the partition whose revision is not the update
 * revision, highest first, one at a time, each waiting for the one before to be Running and Ready again.
 */
final class SetPlanner {

    private SetPlanner() {
    }

    static SetPlan plan(SetView view, boolean orderedReady, boolean rollingUpdate, int partition, String updateRevision) {
        List<Integer> create = new ArrayList<>();
        List<Pod> delete = new ArrayList<>();
        boolean allHealthy = true;
        for (int ordinal = 0; ordinal < view.replicas(); ordinal++) {
            Pod pod = view.members().get(ordinal);
            if (pod == null) {
                create.add(ordinal);
                allHealthy = false;
            } else if (isTerminal(pod) && !Owners.isDeleting(pod)) {
                delete.add(pod); // kube deletes a failed or finished member so the next sync recreates it
                allHealthy = false;
            } else if (!isRunningAndReady(pod) || Owners.isDeleting(pod)) {
                allHealthy = false;
            } else {
                continue;
            }
            if (orderedReady) {
                return new SetPlan(create, delete); // nothing above this ordinal moves until it is healthy
            }
        }
        for (Pod pod : view.condemned()) {
            if (Owners.isDeleting(pod)) {
                if (orderedReady) {
                    return new SetPlan(create, delete); // wait for the higher ordinal to be gone
                }
                continue;
            }
            delete.add(pod);
            if (orderedReady) {
                return new SetPlan(create, delete);
            }
        }
        if (!rollingUpdate || !allHealthy || !create.isEmpty() || !delete.isEmpty()) {
            return new SetPlan(create, delete);
        }
        for (int ordinal = view.replicas() - 1; ordinal >= Math.max(partition, 0); ordinal--) {
            Pod pod = view.members().get(ordinal);
            if (!updateRevision.equals(StatefulPods.revisionOf(pod))) {
                return SetPlan.deleting(List.of(pod));
            }
        }
        return SetPlan.NOTHING;
    }

    static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(Pods.phase(pod)) && Pods.isReady(pod);
    }

    static boolean isTerminal(Pod pod) {
        String phase = Pods.phase(pod);
        return phase.equals("Failed") || phase.equals("Succeeded");
    }
}
