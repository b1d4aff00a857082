package io.tugboat.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRankingTest {

    private static Pod pod(String name, String node, String phase, boolean ready, String created) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(created).endCondition().endStatus()
                .build();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void unscheduledThenPendingThenNotReadyGoFirst() {
        Pod running = pod("running", "n1", "Running", true, "2024-01-01T00:00:00Z");
        Pod notReady = pod("not-ready", "n1", "Running", false, "2024-01-01T00:00:00Z");
        Pod pending = pod("pending", "n1", "Pending", false, "2024-01-01T00:00:00Z");
        Pod unscheduled = pod("unscheduled", null, "Pending", false, "2024-01-01T00:00:00Z");
        assertThat(names(PodRanking.toDelete(List.of(running, notReady, pending, unscheduled), 4)))
                .containsExactly("unscheduled", "pending", "not-ready", "running");
    }

    @Test
    void amongEqualsTheNewestGoesFirst() {
        Pod older = pod("older", "n1", "Running", true, "2024-01-01T00:00:00Z");
        Pod newer = pod("newer", "n2", "Running", true, "2024-01-02T00:00:00Z");
        assertThat(names(PodRanking.toDelete(List.of(older, newer), 1))).containsExactly("newer");
    }

    @Test
    void podsDoubledUpOnANodeGoBeforeLoneOnes() {
        Pod lone = pod("lone", "n1", "Running", true, "2024-01-03T00:00:00Z");
        Pod a = pod("a", "n2", "Running", true, "2024-01-01T00:00:00Z");
        Pod b = pod("b", "n2", "Running", true, "2024-01-01T00:00:00Z");
        assertThat(names(PodRanking.toDelete(List.of(lone, a, b), 1))).containsAnyOf("a", "b").doesNotContain("lone");
    }

    @Test
    void aLowerDeletionCostGoesFirst() {
        Pod cheap = pod("cheap", "n1", "Running", true, "2024-01-01T00:00:00Z");
        Pod dear = pod("dear", "n2", "Running", true, "2024-01-02T00:00:00Z");
        dear.getMetadata().setAnnotations(Map.of(PodRanking.DELETION_COST, "100"));
        assertThat(names(PodRanking.toDelete(List.of(dear, cheap), 1))).containsExactly("cheap");
    }
}
