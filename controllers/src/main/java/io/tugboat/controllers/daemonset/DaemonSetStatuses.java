package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.tugboat.controllers.support.Pods;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A DaemonSet's status by node (kube's updateDaemonSetStatus): what `kubectl rollout status daemonset` waits on. */
final class DaemonSetStatuses {

    private DaemonSetStatuses() {
    }

    static DaemonSetStatus calculate(DaemonSet ds, Map<String, Boolean> shouldRun, Map<String, NodePods> byNode, String revision, Instant now) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        int desired = 0;
        int scheduled = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (var entry : byNode.entrySet()) {
            if (!shouldRun.getOrDefault(entry.getKey(), false) && !entry.getValue().running().isEmpty()) {
                misscheduled++;
            }
        }
        for (var entry : shouldRun.entrySet()) {
            if (!entry.getValue()) {
                continue;
            }
            desired++;
            NodePods pods = byNode.getOrDefault(entry.getKey(), new NodePods(List.of()));
            if (pods.pods().isEmpty()) {
                continue;
            }
            scheduled++;
            var pod = pods.representative(revision);
            if (pod.isEmpty()) {
                continue;
            }
            if (Pods.isReady(pod.get())) {
                ready++;
                if (Pods.isAvailable(pod.get(), minReady, now)) {
                    available++;
                }
            }
            if (revision.equals(DaemonPods.revisionOf(pod.get()))) {
                updated++;
            }
        }
        return new DaemonSetStatusBuilder()
                .withObservedGeneration(ds.getMetadata().getGeneration())
                .withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(scheduled)
                .withNumberMisscheduled(misscheduled)
                .withNumberReady(ready)
                .withNumberAvailable(available)
                .withNumberUnavailable(desired - available)
                .withUpdatedNumberScheduled(updated)
                .withCollisionCount(ds.getStatus() == null ? null : ds.getStatus().getCollisionCount())
                .withConditions(ds.getStatus() == null ? null : ds.getStatus().getConditions())
                .build();
    }
}
