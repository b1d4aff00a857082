package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.deployment.TemplateHash;
import io.tugboat.controllers.support.ControllerOwners;
import io.tugboat.controllers.support.ControllerRefManager;
import io.tugboat.controllers.support.Expectations;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs StatefulSets: pods with stable names and claims, started and stopped in order (or in parallel), rolled
 * to a new template from the highest ordinal down to the partition. Revisions are hashes of the template
 * (ControllerRevisions are not served), kept in status and in each pod's controller-revision-hash label.
 * Expectations hold back the next create or delete until the pod informer has seen the last one, so a
 * lagging cache never deletes a pod that was already replaced.
 */
public final class StatefulSetController extends LoopController<ObjectKey> {

    private static final Logger log = LoggerFactory.getLogger(StatefulSetController.class);

    private final KubernetesClient client;
    private final SharedIndexInformer<StatefulSet> sets;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final Expectations<ObjectKey> expectations;
    private final ControllerRefManager<Pod> podClaims;
    private final OwnerRecheck<StatefulSet> recheck;
    private final StatusWriter<StatefulSet, StatefulSetStatus> statusWriter;
    private final RevisionTemplates revisions = new RevisionTemplates();
    private final Clock clock;

    public StatefulSetController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("statefulset", 2);
        this.client = client;
        this.clock = clock;
        this.sets = informers.forKind(StatefulSet.class);
        this.pods = informers.forKind(Pod.class);
        this.claims = informers.forKind(PersistentVolumeClaim.class);
        this.expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        this.podClaims = new ControllerRefManager<>(client, Pod.class);
        this.recheck = new OwnerRecheck<>(client, StatefulSet.class);
        this.statusWriter = new StatusWriter<>(client, StatefulSet.class, StatefulSet::getStatus,
                (set, status) -> new StatefulSetBuilder(set).withStatus(status).build(), Objects::equals);
        sets.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(StatefulSet set) {
                remember(set);
                loop().enqueue(ObjectKey.of(set));
            }

            @Override
            public void onUpdate(StatefulSet before, StatefulSet after) {
                // the old template is what a pod below the partition is recreated from
                remember(before);
                remember(after);
                loop().enqueue(ObjectKey.of(after));
            }

            @Override
            public void onDelete(StatefulSet set, boolean unknownFinalState) {
                expectations.delete(ObjectKey.of(set));
                revisions.forget(set.getMetadata().getUid());
                loop().enqueue(ObjectKey.of(set));
            }
        });
        var owners = new ControllerOwners<>(sets.getIndexer(), "StatefulSet", (StatefulSet set) -> set.getSpec().getSelector());
        pods.addEventHandler(new OwnedPodEvents<>(owners, expectations, loop(), OwnedPodEvents.Rules.statefulSetsAndDaemonSets()));
    }

    static String revisionOf(StatefulSet set) {
        return set.getMetadata().getName() + "-" + TemplateHash.of(set.getSpec().getTemplate(), set.getStatus() == null ? null : set.getStatus().getCollisionCount());
    }

    private void remember(StatefulSet set) {
        revisions.remember(set.getMetadata().getUid(), revisionOf(set), set.getSpec().getTemplate());
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        StatefulSet set = sets.getIndexer().getByKey(key.cacheKey());
        if (set == null) {
            expectations.delete(key);
            return Optional.empty();
        }
        String updateRevision = revisionOf(set);
        String currentRevision = set.getStatus() == null || set.getStatus().getCurrentRevision() == null
                ? updateRevision : set.getStatus().getCurrentRevision();
        boolean needsSync = expectations.satisfied(key);
        List<Pod> inNamespace = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace());
        List<Pod> owned = podClaims.claim(set, set.getSpec().getSelector(), inNamespace, () -> recheck.stillOurs(set));
        int replicas = StatefulSetStatuses.specReplicas(set);
        SetView view = SetView.of(set.getMetadata().getName(), replicas, owned);
        if (needsSync && !Owners.isDeleting(set)) {
            view.members().keySet().forEach(ordinal -> ensureClaims(set, ordinal));
            SetPlan plan = SetPlanner.plan(view, orderedReady(set), rollingUpdate(set), partition(set), updateRevision);
            execute(key, set, plan, currentRevision, updateRevision);
        }
        List<Pod> members = new ArrayList<>(view.members().values());
        members.addAll(view.condemned());
        StatefulSetStatus status = StatefulSetStatuses.calculate(set, members, currentRevision, updateRevision, clock.instant());
        statusWriter.write(set, status);
        int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        if (minReady > 0 && !Objects.equals(status.getAvailableReplicas(), status.getReadyReplicas())) {
            return Optional.of(Duration.ofSeconds(minReady)); // no event says when ready pods have been ready long enough
        }
        return Optional.empty();
    }

    static boolean orderedReady(StatefulSet set) {
        return !"Parallel".equals(set.getSpec().getPodManagementPolicy());
    }

    /** RollingUpdate unless OnDelete: an absent strategy is kube's default, RollingUpdate. */
    static boolean rollingUpdate(StatefulSet set) {
        StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
    }

    static int partition(StatefulSet set) {
        StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }

    /**
     * Deletions first, and creations only in a sync that deletes nothing: Expectations tracks one kind of
     * write at a time, and the next sync (after the informer has seen the deletions) creates what is missing.
     */
    private void execute(ObjectKey key, StatefulSet set, SetPlan plan, String currentRevision, String updateRevision) {
        if (!plan.delete().isEmpty()) {
            expectations.expectDeletions(key, plan.delete().stream().map(Pods::key).toList());
            for (Pod pod : plan.delete()) {
                try {
                    if (Claims.deleteWhenScaled(set) && StatefulPods.ordinalOf(set.getMetadata().getName(), pod).orElse(-1) >= StatefulSetStatuses.specReplicas(set)) {
                        handClaimsTo(set, pod);
                    }
                    client.pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete();
                    log.info("statefulset {}: deleted pod {}", key, pod.getMetadata().getName());
                } catch (KubernetesClientException e) {
                    expectations.deletionObserved(key, Pods.key(pod));
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
            return;
        }
        if (plan.create().isEmpty()) {
            return;
        }
        expectations.expectCreations(key, plan.create().size());
        KubernetesClientException failure = null;
        for (int ordinal : plan.create()) {
            try {
                ensureClaims(set, ordinal);
                client.pods().inNamespace(key.namespace()).resource(podFor(set, ordinal, currentRevision, updateRevision)).create();
                log.info("statefulset {}: created pod {}", key, StatefulPods.podName(set.getMetadata().getName(), ordinal));
            } catch (KubernetesClientException e) {
                expectations.creationObserved(key); // this creation will never be seen as ours
                if (e.getCode() != 409) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Below the partition a pod is made at the current revision, if its template is known; otherwise at the update revision. */
    private Pod podFor(StatefulSet set, int ordinal, String currentRevision, String updateRevision) {
        if (rollingUpdate(set) && ordinal < partition(set) && !currentRevision.equals(updateRevision)) {
            Optional<PodTemplateSpec> current = revisions.find(set.getMetadata().getUid(), currentRevision);
            if (current.isPresent()) {
                return StatefulPods.newPod(set, current.get(), currentRevision, ordinal);
            }
            log.warn("statefulset {}/{}: template of revision {} unknown; creating ordinal {} at {}",
                    set.getMetadata().getNamespace(), set.getMetadata().getName(), currentRevision, ordinal, updateRevision);
        }
        return StatefulPods.newPod(set, set.getSpec().getTemplate(), updateRevision, ordinal);
    }

    /** Creates the ordinal's claims that do not exist yet; they are never updated or deleted here. */
    private void ensureClaims(StatefulSet set, int ordinal) {
        for (PersistentVolumeClaim claim : Claims.forOrdinal(set, ordinal)) {
            if (claims.getIndexer().getByKey(set.getMetadata().getNamespace() + "/" + claim.getMetadata().getName()) != null) {
                continue;
            }
            try {
                client.persistentVolumeClaims().inNamespace(set.getMetadata().getNamespace()).resource(claim).create();
                log.info("statefulset {}/{}: created claim {}", set.getMetadata().getNamespace(), set.getMetadata().getName(), claim.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e; // 409: created already and our cache is behind
                }
            }
        }
    }

    /**
     * whenScaled: Delete, as kube: a condemned pod becomes the owner of its claims, so the garbage collector
     * removes them once the pod is gone (and not when the set is merely updated).
     */
    private void handClaimsTo(StatefulSet set, Pod pod) {
        int ordinal = StatefulPods.ordinalOf(set.getMetadata().getName(), pod).getAsInt();
        for (PersistentVolumeClaim claim : Claims.forOrdinal(set, ordinal)) {
            String patch = "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\""
                    + pod.getMetadata().getName() + "\",\"uid\":\"" + pod.getMetadata().getUid() + "\"}]}}";
            try {
                client.persistentVolumeClaims().inNamespace(set.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }
}
