package io.tugboat.controllers.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.api.labels.LabelSelector;
import io.tugboat.api.policy.DisruptionBudgetMath;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.SharedInformers;
import io.tugboat.controllers.support.StatusWriter;
import io.tugboat.controllers.support.Times;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * kube's disruption controller, for display: keeps each PodDisruptionBudget's status (expectedPods, currentHealthy,
 * desiredHealthy, disruptionsAllowed, the DisruptionAllowed condition) from its selector's pods and their controllers'
 * scale. The eviction subresource does not read this status; it computes the same figures itself at eviction time.
 */
public final class DisruptionController extends LoopController<ObjectKey> {

    private final StatusWriter<PodDisruptionBudget, PodDisruptionBudgetStatus> statusWriter;
    private final SharedIndexInformer<PodDisruptionBudget> budgets;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final Clock clock;

    public DisruptionController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("disruption", 2);
        this.statusWriter = new StatusWriter<>(client, PodDisruptionBudget.class, PodDisruptionBudget::getStatus,
                (b, status) -> new PodDisruptionBudgetBuilder(b).withStatus(status).build(), Objects::equals);
        this.clock = clock;
        this.budgets = informers.forKind(PodDisruptionBudget.class);
        this.pods = informers.forKind(Pod.class);
        this.replicaSets = informers.forKind(ReplicaSet.class);
        this.statefulSets = informers.forKind(StatefulSet.class);
        budgets.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueCovering(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                    enqueueCovering(before);
                    enqueueCovering(after);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                enqueueCovering(pod);
            }
        });
    }

    private void enqueueCovering(Pod pod) {
        for (PodDisruptionBudget b : budgets.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (covers(b, pod)) {
                loop().enqueue(ObjectKey.of(b));
            }
        }
    }

    /** policy/v1: a null selector covers no pod, an empty one every pod of the namespace (unlike a workload's). */
    private static boolean covers(PodDisruptionBudget budget, Pod pod) {
        return budget.getSpec() != null && budget.getSpec().getSelector() != null
                && LabelSelector.of(budget.getSpec().getSelector()).matches(pod.getMetadata().getLabels());
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        PodDisruptionBudget budget = budgets.getIndexer().getByKey(key.cacheKey());
        if (budget == null || budget.getSpec() == null) {
            return Optional.empty();
        }
        List<Pod> selected = budget.getSpec().getSelector() == null ? List.of()
                : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, key.namespace()).stream()
                        .filter(p -> covers(budget, p))
                        .toList();
        DisruptionBudgetMath math = DisruptionBudgetMath.of(budget.getSpec(), selected, controllersScale(selected));
        statusWriter.write(budget, status(budget, math));
        return Optional.empty();
    }

    private PodDisruptionBudgetStatus status(PodDisruptionBudget budget, DisruptionBudgetMath math) {
        boolean allowed = math.disruptionsAllowed() > 0;
        String conditionStatus = allowed ? "True" : "False";
        Condition previous = budget.getStatus() == null || budget.getStatus().getConditions() == null ? null
                : budget.getStatus().getConditions().stream().filter(c -> "DisruptionAllowed".equals(c.getType())).findFirst().orElse(null);
        String transition = previous != null && conditionStatus.equals(previous.getStatus())
                ? previous.getLastTransitionTime() : Times.format(clock.instant());
        Condition condition = new ConditionBuilder().withType("DisruptionAllowed").withStatus(conditionStatus)
                .withReason(allowed ? "SufficientPods" : "InsufficientPods").withMessage("")
                .withObservedGeneration(budget.getMetadata().getGeneration()).withLastTransitionTime(transition).build();
        return new PodDisruptionBudgetStatusBuilder()
                .withObservedGeneration(budget.getMetadata().getGeneration())
                .withExpectedPods(math.expectedPods())
                .withCurrentHealthy(math.currentHealthy())
                .withDesiredHealthy(math.desiredHealthy())
                .withDisruptionsAllowed(math.disruptionsAllowed())
                .withDisruptedPods(budget.getStatus() == null ? null : budget.getStatus().getDisruptedPods())
                .withConditions(condition)
                .build();
    }

    /** The sum of spec.replicas over the pods' distinct ReplicaSets and StatefulSets; any other pod counts one. */
    private int controllersScale(List<Pod> selected) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        int others = 0;
        for (Pod p : selected) {
            Optional<OwnerReference> ref = Owners.controllerOf(p);
            Integer replicas = ref.map(r -> replicasOf(p.getMetadata().getNamespace(), r)).orElse(null);
            if (replicas == null) {
                others++;
            } else {
                scales.put(ref.get().getUid(), replicas);
            }
        }
        return others + scales.values().stream().mapToInt(Integer::intValue).sum();
    }

    private Integer replicasOf(String namespace, OwnerReference ref) {
        String cacheKey = namespace + "/" + ref.getName();
        return switch (ref.getKind()) {
            case "ReplicaSet" -> {
                ReplicaSet rs = replicaSets.getIndexer().getByKey(cacheKey);
                yield rs == null || rs.getSpec() == null ? null : Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
            }
            case "StatefulSet" -> {
                StatefulSet ss = statefulSets.getIndexer().getByKey(cacheKey);
                yield ss == null || ss.getSpec() == null ? null : Objects.requireNonNullElse(ss.getSpec().getReplicas(), 1);
            }
            default -> null;
        };
    }
}
