package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.support.ControllerOwners;
import io.tugboat.controllers.support.ControllerRefManager;
import io.tugboat.controllers.support.Expectations;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.OwnedPodEvents;
import io.tugboat.controllers.support.OwnerRecheck;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Pods;
import io.tugboat.controllers.support.SharedInformers;
import io.tugboat.controllers.support.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps spec.replicas active pods for every ReplicaSet: claims matching pods, creates from the template in
 * slow-start batches, deletes the surplus in kube's ranking order, and writes status last. Expectations hold
 * back a second create or delete until the pod informer has seen the first.
 */
public final class ReplicaSetController extends LoopController<ObjectKey> {

    /** kube's burstReplicas: at most this many creates or deletes per sync. */
    static final int BURST = 500;

    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Pod> pods;
    private final Expectations<ObjectKey> expectations;
    private final ControllerRefManager<Pod> podClaims;
    private final OwnerRecheck<ReplicaSet> recheck;
    private final StatusWriter<ReplicaSet, ReplicaSetStatus> statusWriter;
    private final PodControl podControl;
    private final Clock clock;

    public ReplicaSetController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("replicaset", 4);
        this.clock = clock;
        this.replicaSets = informers.forKind(ReplicaSet.class);
        this.pods = informers.forKind(Pod.class);
        this.expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        this.podClaims = new ControllerRefManager<>(client, Pod.class);
        this.podControl = new PodControl(client, expectations);
        this.recheck = new OwnerRecheck<>(client, ReplicaSet.class);
        this.statusWriter = new StatusWriter<>(client, ReplicaSet.class, ReplicaSet::getStatus,
                (rs, status) -> new ReplicaSetBuilder(rs).withStatus(status).build(), StatusComparison::same);
        replicaSets.addEventHandler(Handlers.enqueueSelf(loop()::enqueue, expectations::delete));
        var owners = new ControllerOwners<>(replicaSets.getIndexer(), "ReplicaSet", (ReplicaSet rs) -> rs.getSpec().getSelector());
        pods.addEventHandler(new OwnedPodEvents<>(owners, expectations, loop(),
                OwnedPodEvents.Rules.replicaSets(ReplicaSetController::minReadySeconds)));
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        ReplicaSet rs = replicaSets.getIndexer().getByKey(key.cacheKey());
        if (rs == null) {
            expectations.delete(key);
            return Optional.empty();
        }
        boolean needsSync = expectations.satisfied(key);
        List<Pod> active = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace()).stream().filter(Pods::isActive).toList();
        List<Pod> owned = podClaims.claim(rs, rs.getSpec().getSelector(), active, () -> recheck.stillOurs(rs));
        int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        Exception manageError = null;
        boolean creating = owned.size() < replicas;
        if (needsSync && !Owners.isDeleting(rs)) {
            try {
                manage(key, rs, owned, replicas);
            } catch (KubernetesClientException e) {
                manageError = e;
            }
        }
        ReplicaSetStatus status = ReplicaSetStatuses.calculate(rs, owned, manageError, creating, clock.instant());
        statusWriter.write(rs, status);
        if (manageError != null) {
            throw (KubernetesClientException) manageError;
        }
        int minReady = minReadySeconds(rs);
        if (minReady > 0 && status.getReadyReplicas() == replicas && !Objects.equals(status.getAvailableReplicas(), replicas)) {
            // nothing else will tell us when the ready pods have been ready long enough
            return Optional.of(Duration.ofSeconds(minReady));
        }
        return Optional.empty();
    }

    private static int minReadySeconds(ReplicaSet rs) {
        return rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
    }

    private void manage(ObjectKey key, ReplicaSet rs, List<Pod> owned, int replicas) {
        int diff = owned.size() - replicas;
        if (diff < 0) {
            podControl.create(key, rs, Math.min(-diff, BURST));
        } else if (diff > 0) {
            podControl.delete(key, PodRanking.toDelete(owned, Math.min(diff, BURST)));
        }
    }
}
