package io.tugboat.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DaemonPlannerTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");
    private static final DaemonPlanner.Limits ROLL_ONE = new DaemonPlanner.Limits(true, 1, 0, 0);

    private static Pod pod(String name, String node, String revision, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withCreationTimestamp("2024-01-01T00:00:00Z")
                .addToLabels(DaemonPods.REVISION_LABEL, revision).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    private static Map<String, NodePods> byNode(Pod... pods) {
        Map<String, NodePods> m = new TreeMap<>();
        for (Pod p : pods) {
            List<Pod> list = new java.util.ArrayList<>(m.containsKey(p.getSpec().getNodeName()) ? m.get(p.getSpec().getNodeName()).pods() : List.of());
            list.add(p);
            m.put(p.getSpec().getNodeName(), new NodePods(list));
        }
        return m;
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void onePodPerEligibleNodeAndNoneElsewhere() {
        Map<String, Boolean> nodes = new TreeMap<>(Map.of("a", true, "b", true, "c", false));
        DaemonPlan plan = DaemonPlanner.plan(nodes, byNode(pod("p-a", "a", "r1", true), pod("p-c", "c", "r1", true), pod("p-gone", "x", "r1", true)),
                "r1", ROLL_ONE, NOW);
        assertThat(plan.createOn()).containsExactly("b");
        assertThat(names(plan.delete())).containsExactlyInAnyOrder("p-c", "p-gone");
    }

    @Test
    void rollingUpdateReplacesWithinMaxUnavailable() {
        Map<String, Boolean> nodes = new TreeMap<>(Map.of("a", true, "b", true, "c", true));
        DaemonPlan plan = DaemonPlanner.plan(nodes, byNode(pod("p-a", "a", "old", true), pod("p-b", "b", "old", true), pod("p-c", "c", "old", true)),
                "new", ROLL_ONE, NOW);
        assertThat(names(plan.delete())).containsExactly("p-a");
        // a node still unavailable (new pod not ready) uses the budget up
        DaemonPlan waiting = DaemonPlanner.plan(nodes, byNode(pod("p-a2", "a", "new", false), pod("p-b", "b", "old", true), pod("p-c", "c", "old", true)),
                "new", ROLL_ONE, NOW);
        assertThat(waiting.delete()).isEmpty();
        assertThat(waiting.createOn()).isEmpty();
    }

    @Test
    void surgeStartsTheNewPodBesideTheOldAndThenRemovesTheOld() {
        Map<String, Boolean> nodes = new TreeMap<>(Map.of("a", true, "b", true));
        DaemonPlanner.Limits surge = new DaemonPlanner.Limits(true, 0, 1, 0);
        DaemonPlan start = DaemonPlanner.plan(nodes, byNode(pod("p-a", "a", "old", true), pod("p-b", "b", "old", true)), "new", surge, NOW);
        assertThat(start.createOn()).containsExactly("a");
        assertThat(start.delete()).isEmpty();
        DaemonPlan handOver = DaemonPlanner.plan(nodes, byNode(pod("p-a", "a", "old", true), pod("p-a2", "a", "new", true), pod("p-b", "b", "old", true)),
                "new", surge, NOW);
        assertThat(names(handOver.delete())).containsExactly("p-a");
        assertThat(handOver.createOn()).isEmpty();
    }

    @Test
    void statusCountsByNode() {
        var ds = new io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder().withNewMetadata().withGeneration(3L).endMetadata().withNewSpec().endSpec().build();
        Map<String, Boolean> nodes = new TreeMap<>(Map.of("a", true, "b", true, "c", false));
        var status = DaemonSetStatuses.calculate(ds, nodes, byNode(pod("p-a", "a", "new", true), pod("p-c", "c", "old", true)), "new", NOW);
        assertThat(status.getDesiredNumberScheduled()).isEqualTo(2);
        assertThat(status.getCurrentNumberScheduled()).isEqualTo(1);
        assertThat(status.getNumberMisscheduled()).isEqualTo(1);
        assertThat(status.getNumberReady()).isEqualTo(1);
        assertThat(status.getUpdatedNumberScheduled()).isEqualTo(1);
        assertThat(status.getNumberUnavailable()).isEqualTo(1);
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
    }
}
