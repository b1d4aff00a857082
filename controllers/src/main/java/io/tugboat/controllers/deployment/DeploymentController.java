package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.support.ControllerOwners;
import io.tugboat.controllers.support.ControllerRefManager;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.OwnerRecheck;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Selectors;
import io.tugboat.controllers.support.SharedInformers;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls Deployments out through ReplicaSets (kube's deployment controller): claims ReplicaSets, finds or
 * creates the one for the current template, and takes one step of the strategy per sync. The ReplicaSet
 * controller makes the pods; this controller only sizes ReplicaSets and reports progress.
 */
public final class DeploymentController extends LoopController<ObjectKey> {

    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Pod> pods;
    private final ControllerRefManager<ReplicaSet> claims;
    private final OwnerRecheck<Deployment> recheck;
    private final ControllerOwners<Deployment> owners;
    private final ControllerOwners<ReplicaSet> replicaSetOwners;
    private final ReplicaSetWriter writer;
    private final Progress progress;
    private final RollingUpdate rolling;
    private final Recreate recreate;
    private final Scaling scaling;
    private final Clock clock;

    public DeploymentController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("deployment", 4);
        this.clock = clock;
        this.deployments = informers.forKind(Deployment.class);
        this.replicaSets = informers.forKind(ReplicaSet.class);
        this.pods = informers.forKind(Pod.class);
        this.claims = new ControllerRefManager<>(client, ReplicaSet.class);
        this.recheck = new OwnerRecheck<>(client, Deployment.class);
        this.writer = new ReplicaSetWriter(client);
        this.progress = new Progress(writer, clock);
        HistoryCleanup cleanup = new HistoryCleanup(writer);
        NewReplicaSets newReplicaSets = new NewReplicaSets(writer, clock);
        this.rolling = new RollingUpdate(newReplicaSets, writer, progress, cleanup, clock);
        this.recreate = new Recreate(newReplicaSets, writer, progress, cleanup);
        this.scaling = new Scaling(newReplicaSets, writer, progress, cleanup);
        this.owners = new ControllerOwners<>(deployments.getIndexer(), "Deployment", (Deployment d) -> d.getSpec().getSelector());
        this.replicaSetOwners = new ControllerOwners<>(replicaSets.getIndexer(), "ReplicaSet", (ReplicaSet rs) -> rs.getSpec().getSelector());
        deployments.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        replicaSets.addEventHandler(new ReplicaSetEvents());
        pods.addEventHandler(new PodEvents());
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        Deployment d = deployments.getIndexer().getByKey(key.cacheKey());
        if (d == null) {
            return Optional.empty();
        }
        if (Selectors.isEmpty(d.getSpec().getSelector())) {
            // an empty selector would select every pod of the namespace: do nothing, as kube does
            return Optional.empty();
        }
        List<ReplicaSet> inNamespace = replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace());
        List<ReplicaSet> owned = claims.claim(d, d.getSpec().getSelector(), inNamespace, () -> recheck.stillOurs(d));
        Map<String, List<Pod>> podsByRs = new HashMap<>();
        for (ReplicaSet rs : owned) {
            podsByRs.put(rs.getMetadata().getUid(), pods.getIndexer().byIndex(SharedInformers.BY_CONTROLLER_UID, rs.getMetadata().getUid()));
        }
        Rollout r = new Rollout(d, owned, podsByRs);
        if (Owners.isDeleting(d)) {
            return progress.syncStatus(r);
        }
        checkPausedCondition(r);
        if (Deployments.paused(r.deployment) || Scaling.isScalingEvent(r)) {
            return scaling.sync(r);
        }
        return Deployments.isRollingUpdate(r.deployment) ? rolling.rollout(r) : recreate.rollout(r);
    }

    /** kube's checkPausedConditions: Progressing says Unknown/DeploymentPaused while paused, DeploymentResumed after. */
    private void checkPausedCondition(Rollout r) {
        Deployment d = r.deployment;
        if (Deployments.progressDeadline(d) < 0) {
            return;
        }
        Optional<DeploymentCondition> current = Conditions.get(d.getStatus(), Conditions.PROGRESSING);
        if (current.map(c -> Conditions.TIMED_OUT.equals(c.getReason())).orElse(false)) {
            return;
        }
        boolean pausedShown = current.map(c -> Conditions.PAUSED.equals(c.getReason())).orElse(false);
        DeploymentStatus status = NewReplicaSets.copy(d.getStatus());
        if (Deployments.paused(d) && !pausedShown) {
            Conditions.set(status, Conditions.make(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED, "Deployment is paused", clock.instant()));
        } else if (!Deployments.paused(d) && pausedShown) {
            Conditions.set(status, Conditions.make(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED, "Deployment is resumed", clock.instant()));
        } else {
            return;
        }
        r.deployment = writer.updateStatus(d, status);
    }

    private void enqueueOwner(ReplicaSet rs) {
        owners.controllerOf(rs).ifPresent(d -> loop().enqueue(ObjectKey.of(d)));
    }

    private void enqueueMatching(ReplicaSet orphan) {
        owners.matching(orphan).forEach(d -> loop().enqueue(ObjectKey.of(d)));
    }

    /** ReplicaSet events queue their Deployment, or for an orphan those that may adopt it (kube's add/update/deleteReplicaSet). */
    private final class ReplicaSetEvents implements ResourceEventHandler<ReplicaSet> {
        @Override
        public void onAdd(ReplicaSet rs) {
            if (Owners.controllerOf(rs).isPresent()) {
                enqueueOwner(rs);
            } else if (!Owners.isDeleting(rs)) {
                enqueueMatching(rs);
            }
        }

        @Override
        public void onUpdate(ReplicaSet before, ReplicaSet after) {
            if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                return;
            }
            var beforeRef = Owners.controllerOf(before).map(r -> r.getUid());
            var afterRef = Owners.controllerOf(after).map(r -> r.getUid());
            if (!beforeRef.equals(afterRef) && beforeRef.isPresent()) {
                enqueueOwner(before);
            }
            if (afterRef.isPresent()) {
                enqueueOwner(after);
            } else if (!Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels()) || !beforeRef.equals(afterRef)) {
                enqueueMatching(after);
            }
        }

        @Override
        public void onDelete(ReplicaSet rs, boolean unknownFinalState) {
            enqueueOwner(rs);
        }
    }

    /**
     * Pods matter to a Deployment through their ReplicaSet: Recreate waits for old pods to be gone, and the
     * surge and availability bounds count real pods, so their comings and goings re-sync the Deployment.
     */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        private void enqueueDeploymentOf(Pod pod) {
            replicaSetOwners.controllerOf(pod).ifPresent(DeploymentController.this::enqueueOwner);
        }

        @Override
        public void onAdd(Pod pod) {
            enqueueDeploymentOf(pod);
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                enqueueDeploymentOf(after);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean unknownFinalState) {
            enqueueDeploymentOf(pod);
        }
    }
}
