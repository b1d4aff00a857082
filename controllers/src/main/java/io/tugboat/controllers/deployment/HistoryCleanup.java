package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.tugboat.controllers.support.Owners;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps revisionHistoryLimit old ReplicaSets: the oldest revisions beyond it go, once empty and settled. */
final class HistoryCleanup {

    private static final Logger log = LoggerFactory.getLogger(HistoryCleanup.class);

    private final ReplicaSetWriter writer;

    HistoryCleanup(ReplicaSetWriter writer) {
        this.writer = writer;
    }

    void cleanup(Rollout r) {
        int limit = Deployments.historyLimit(r.deployment);
        List<ReplicaSet> cleanable = new ArrayList<>(r.old.stream().filter(rs -> !Owners.isDeleting(rs)).toList());
        int surplus = cleanable.size() - limit;
        if (surplus <= 0) {
            return;
        }
        cleanable.sort(ReplicaSetOrder.BY_REVISION);
        for (int i = 0; i < surplus; i++) {
            ReplicaSet rs = cleanable.get(i);
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0 : rs.getStatus().getObservedGeneration();
            if (Deployments.statusReplicas(rs) != 0 || Deployments.specReplicas(rs) != 0 || generation > observed) {
                continue;
            }
            log.info("deployment {}/{}: deleting old replica set {} (revision history limit {})", rs.getMetadata().getNamespace(),
                    r.deployment.getMetadata().getName(), rs.getMetadata().getName(), limit);
            writer.delete(rs);
        }
    }
}
