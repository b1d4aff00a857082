package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.deployment.TemplateHash;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one daemon pod on every node that should run it: node changes and pod changes both requeue the set.
 * The revision is a hash of the template (ControllerRevisions are not served), in each pod's
 * controller-revision-hash label. Expectations hold back the next create or delete until the pod informer
 * has seen the last ones, so a lagging cache never puts a second daemon on a node.
 */
public final class DaemonSetController extends LoopController<ObjectKey> {

    private static final Logger log = LoggerFactory.getLogger(DaemonSetController.class);

    private final KubernetesClient client;
    private final SharedIndexInformer<DaemonSet> sets;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final Expectations<ObjectKey> expectations;
    private final ControllerRefManager<Pod> podClaims;
    private final OwnerRecheck<DaemonSet> recheck;
    private final StatusWriter<DaemonSet, DaemonSetStatus> statusWriter;
    private final Clock clock;

    public DaemonSetController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("daemonset", 2);
        this.client = client;
        this.clock = clock;
        this.sets = informers.forKind(DaemonSet.class);
        this.pods = informers.forKind(Pod.class);
        this.nodes = informers.forKind(Node.class);
        this.expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        this.podClaims = new ControllerRefManager<>(client, Pod.class);
        this.recheck = new OwnerRecheck<>(client, DaemonSet.class);
        this.statusWriter = new StatusWriter<>(client, DaemonSet.class, DaemonSet::getStatus,
                (ds, status) -> new DaemonSetBuilder(ds).withStatus(status).build(), Objects::equals);
        sets.addEventHandler(Handlers.enqueueSelf(loop()::enqueue, expectations::delete));
        var owners = new ControllerOwners<>(sets.getIndexer(), "DaemonSet", (DaemonSet ds) -> ds.getSpec().getSelector());
        pods.addEventHandler(new OwnedPodEvents<>(owners, expectations, loop(), OwnedPodEvents.Rules.statefulSetsAndDaemonSets()));
        nodes.addEventHandler(new NodeEvents());
    }

    static String revisionOf(DaemonSet ds) {
        return TemplateHash.of(ds.getSpec().getTemplate(), ds.getStatus() == null ? null : ds.getStatus().getCollisionCount());
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        DaemonSet ds = sets.getIndexer().getByKey(key.cacheKey());
        if (ds == null) {
            expectations.delete(key);
            return Optional.empty();
        }
        String revision = revisionOf(ds);
        boolean needsSync = expectations.satisfied(key);
        List<Pod> inNamespace = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace());
        List<Pod> owned = podClaims.claim(ds, ds.getSpec().getSelector(), inNamespace, () -> recheck.stillOurs(ds));
        PodSpec daemonSpec = DaemonPods.specWithDefaultTolerations(ds.getSpec().getTemplate().getSpec());
        Map<String, Boolean> shouldRun = new TreeMap<>();
        for (Node node : nodes.getStore().list()) {
            shouldRun.put(node.getMetadata().getName(), NodeEligibility.shouldRun(node, daemonSpec));
        }
        Map<String, NodePods> byNode = byNode(owned);
        if (needsSync && !Owners.isDeleting(ds)) {
            int desired = (int) shouldRun.values().stream().filter(b -> b).count();
            DaemonPlan plan = DaemonPlanner.plan(shouldRun, byNode, revision, RolloutLimits.of(ds, desired), clock.instant());
            execute(key, ds, revision, plan);
        }
        DaemonSetStatus status = DaemonSetStatuses.calculate(ds, shouldRun, byNode, revision, clock.instant());
        statusWriter.write(ds, status);
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        if (minReady > 0 && !Objects.equals(status.getNumberAvailable(), status.getNumberReady())) {
            return Optional.of(Duration.ofSeconds(minReady)); // no event says when ready pods have been ready long enough
        }
        return Optional.empty();
    }

    private static Map<String, NodePods> byNode(List<Pod> owned) {
        Map<String, List<Pod>> grouped = new HashMap<>();
        for (Pod pod : owned) {
            String node = pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
            grouped.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
        }
        Map<String, NodePods> result = new TreeMap<>();
        grouped.forEach((node, list) -> result.put(node, new NodePods(list)));
        return result;
    }

    /**
     * Deletions first, and creations only in a sync that deletes nothing: Expectations tracks one kind of
     * write at a time, and the next sync (after the informer has seen the deletions) creates what is missing.
     */
    private void execute(ObjectKey key, DaemonSet ds, String revision, DaemonPlan plan) {
        KubernetesClientException failure = null;
        if (!plan.delete().isEmpty()) {
            expectations.expectDeletions(key, plan.delete().stream().map(Pods::key).toList());
            for (Pod pod : plan.delete()) {
                try {
                    client.pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete();
                    log.info("daemonset {}: deleted pod {} on node {}", key, pod.getMetadata().getName(), pod.getSpec().getNodeName());
                } catch (KubernetesClientException e) {
                    expectations.deletionObserved(key, Pods.key(pod));
                    if (e.getCode() != 404) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
        } else if (!plan.createOn().isEmpty()) {
            expectations.expectCreations(key, plan.createOn().size());
            for (String node : plan.createOn()) {
                try {
                    client.pods().inNamespace(key.namespace()).resource(DaemonPods.newPod(ds, revision, node)).create();
                    log.info("daemonset {}: created a pod on node {}", key, node);
                } catch (KubernetesClientException e) {
                    expectations.creationObserved(key); // this creation will never be seen
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void enqueueAll() {
        sets.getStore().list().forEach(ds -> loop().enqueue(ObjectKey.of(ds)));
    }

    /** A node that appears, goes, or changes what decides eligibility requeues every DaemonSet. */
    private final class NodeEvents implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            enqueueAll();
        }

        @Override
        public void onUpdate(Node before, Node after) {
            boolean labels = !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels());
            boolean taints = !Objects.equals(before.getSpec() == null ? null : before.getSpec().getTaints(),
                    after.getSpec() == null ? null : after.getSpec().getTaints());
            if (labels || taints) {
                enqueueAll(); // heartbeats change neither, so they cost nothing
            }
        }

        @Override
        public void onDelete(Node node, boolean unknownFinalState) {
            enqueueAll();
        }
    }
}
