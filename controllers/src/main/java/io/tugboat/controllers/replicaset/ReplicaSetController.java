package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.support.Controller;
import io.tugboat.controllers.support.ControllerLoop;
import io.tugboat.controllers.support.ControllerRefManager;
import io.tugboat.controllers.support.Expectations;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Pods;
import io.tugboat.controllers.support.Selectors;
import io.tugboat.controllers.support.SharedInformers;
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
public final class ReplicaSetController implements Controller {

    /** kube's burstReplicas: at most this many creates or deletes per sync. */
    static final int BURST = 500;

    private final KubernetesClient client;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Pod> pods;
    private final Expectations<ObjectKey> expectations;
    private final ControllerRefManager<Pod> podClaims;
    private final PodControl podControl;
    private final Clock clock;
    private final ControllerLoop<ObjectKey> loop;

    public ReplicaSetController(KubernetesClient client, SharedInformers informers, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.replicaSets = informers.forKind(ReplicaSet.class);
        this.pods = informers.forKind(Pod.class);
        this.expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        this.podClaims = new ControllerRefManager<>(client, Pod.class);
        this.podControl = new PodControl(client, expectations);
        this.loop = new ControllerLoop<>("replicaset", 4, this::reconcile);
        replicaSets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                loop.enqueue(ObjectKey.of(rs));
            }

            @Override
            public void onUpdate(ReplicaSet before, ReplicaSet after) {
                loop.enqueue(ObjectKey.of(after));
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknownFinalState) {
                expectations.delete(ObjectKey.of(rs));
                loop.enqueue(ObjectKey.of(rs));
            }
        });
        pods.addEventHandler(new PodEvents());
    }

    @Override
    public String name() {
        return "replicaset";
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
    }

    Optional<Duration> reconcile(ObjectKey key) {
        ReplicaSet rs = replicaSets.getIndexer().getByKey(key.cacheKey());
        if (rs == null) {
            expectations.delete(key);
            return Optional.empty();
        }
        boolean needsSync = expectations.satisfied(key);
        List<Pod> active = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace()).stream().filter(Pods::isActive).toList();
        List<Pod> owned = podClaims.claim(rs, rs.getSpec().getSelector(), active, () -> stillOurs(rs));
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
        writeStatus(rs, status);
        if (manageError != null) {
            throw (KubernetesClientException) manageError;
        }
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        if (minReady > 0 && status.getReadyReplicas() == replicas && !Objects.equals(status.getAvailableReplicas(), replicas)) {
            // nothing else will tell us when the ready pods have been ready long enough
            return Optional.of(Duration.ofSeconds(minReady));
        }
        return Optional.empty();
    }

    private void manage(ObjectKey key, ReplicaSet rs, List<Pod> owned, int replicas) {
        int diff = owned.size() - replicas;
        if (diff < 0) {
            podControl.create(key, rs, Math.min(-diff, BURST));
        } else if (diff > 0) {
            podControl.delete(key, PodRanking.toDelete(owned, Math.min(diff, BURST)));
        }
    }

    /** kube's RecheckDeletionTimestamp: adopt only for a ReplicaSet that still exists as the one we read. */
    private boolean stillOurs(ReplicaSet cached) {
        ReplicaSet fresh = client.apps().replicaSets().inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName()).get();
        return fresh != null && fresh.getMetadata().getUid().equals(cached.getMetadata().getUid()) && !Owners.isDeleting(fresh);
    }

    private void writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
        if (StatusComparison.same(rs.getStatus(), status)) {
            return;
        }
        ReplicaSet copy = new ReplicaSetBuilder(rs).withStatus(status).build();
        try {
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e; // 409: our cache was behind; the update event re-queues us
            }
        }
    }

    /** The ReplicaSet a pod's controller reference names, if it is in the cache with that uid. */
    private Optional<ReplicaSet> controllerOf(Pod pod) {
        return Owners.controllerOf(pod).filter(r -> "ReplicaSet".equals(r.getKind())).map(ref -> {
            ReplicaSet rs = replicaSets.getIndexer().getByKey(pod.getMetadata().getNamespace() + "/" + ref.getName());
            return rs != null && rs.getMetadata().getUid().equals(ref.getUid()) ? rs : null;
        });
    }

    private void enqueueMatching(Pod orphan) {
        for (ReplicaSet rs : replicaSets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, orphan.getMetadata().getNamespace())) {
            if (Selectors.matches(rs.getSpec().getSelector(), orphan.getMetadata().getLabels())) {
                loop.enqueue(ObjectKey.of(rs));
            }
        }
    }

    /** Pod events turn into ReplicaSet keys and observed expectations (kube's addPod, updatePod, deletePod). */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            if (Owners.isDeleting(pod)) {
                onDelete(pod, false);
                return;
            }
            if (Owners.controllerOf(pod).isPresent()) {
                controllerOf(pod).ifPresent(rs -> {
                    expectations.creationObserved(ObjectKey.of(rs));
                    loop.enqueue(ObjectKey.of(rs));
                });
                return;
            }
            enqueueMatching(pod);
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                return;
            }
            boolean labelsChanged = !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
            if (Owners.isDeleting(after)) {
                onDelete(after, false);
                if (labelsChanged) {
                    onDelete(before, false);
                }
                return;
            }
            var beforeRef = Owners.controllerOf(before);
            var afterRef = Owners.controllerOf(after);
            boolean refChanged = !Objects.equals(beforeRef.map(r -> r.getUid()), afterRef.map(r -> r.getUid()));
            if (refChanged && beforeRef.isPresent()) {
                controllerOf(before).ifPresent(rs -> loop.enqueue(ObjectKey.of(rs)));
            }
            if (afterRef.isPresent()) {
                controllerOf(after).ifPresent(rs -> {
                    loop.enqueue(ObjectKey.of(rs));
                    int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
                    if (minReady > 0 && !Pods.isReady(before) && Pods.isReady(after)) {
                        loop.enqueueAfter(ObjectKey.of(rs), Duration.ofSeconds(minReady + 1L));
                    }
                });
                return;
            }
            if (labelsChanged || refChanged) {
                enqueueMatching(after);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean unknownFinalState) {
            controllerOf(pod).ifPresent(rs -> {
                expectations.deletionObserved(ObjectKey.of(rs), Pods.key(pod));
                loop.enqueue(ObjectKey.of(rs));
            });
        }
    }
}
