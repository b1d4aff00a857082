package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.tugboat.controllers.support.Pods;
import io.tugboat.controllers.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A ReplicaSet's status from the active pods it controls (kube's calculateStatus). */
final class ReplicaSetStatuses {

    private ReplicaSetStatuses() {
    }

    /** @param manageError what failed creating or deleting pods in this sync, or null: it sets or clears ReplicaFailure */
    static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> activePods, Exception manageError, boolean creating, Instant now) {
        Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : activePods) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (templateLabels == null || labels.entrySet().containsAll(templateLabels.entrySet())) {
                fullyLabeled++;
            }
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
        }
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        ReplicaSetCondition failure = null;
        if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType())) {
                    failure = c;
                } else {
                    conditions.add(c);
                }
            }
        }
        if (manageError != null) {
            String reason = creating ? "FailedCreate" : "FailedDelete";
            String message = manageError.getMessage() == null ? manageError.toString() : manageError.getMessage();
            if (failure == null || !reason.equals(failure.getReason())) {
                failure = new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True").withReason(reason)
                        .withMessage(message).withLastTransitionTime(Times.format(now)).build();
            }
            conditions.add(failure);
        }
        return new ReplicaSetStatusBuilder()
                .withReplicas(activePods.size())
                .withFullyLabeledReplicas(fullyLabeled)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withConditions(conditions.isEmpty() ? null : conditions)
                .build();
    }
}
