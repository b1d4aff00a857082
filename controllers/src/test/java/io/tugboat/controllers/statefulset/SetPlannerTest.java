package io.tugboat.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetPlannerTest {

    private static Pod pod(int ordinal, String revision, boolean ready) {
        return new PodBuilder().withNewMetadata().withName("web-" + ordinal).withNamespace("ns")
                .addToLabels(StatefulPods.REVISION_LABEL, revision).endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }

    private static Pod deleting(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata().build();
    }

    private static SetPlan plan(int replicas, boolean ordered, int partition, Pod... pods) {
        return SetPlanner.plan(SetView.of("web", replicas, new ArrayList<>(List.of(pods))), ordered, true, partition, "web-new");
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void orderedReadyCreatesOneOrdinalAtATimeAfterTheLastIsReady() {
        assertThat(plan(3, true, 0).create()).containsExactly(0);
        assertThat(plan(3, true, 0, pod(0, "web-new", false)).isEmpty()).isTrue();
        assertThat(plan(3, true, 0, pod(0, "web-new", true)).create()).containsExactly(1);
    }

    @Test
    void parallelCreatesEveryMissingOrdinal() {
        assertThat(plan(3, false, 0, pod(1, "web-new", false)).create()).containsExactly(0, 2);
    }

    @Test
    void scaleDownRemovesTheHighestOrdinalFirstOneAtATime() {
        SetPlan down = plan(1, true, 0, pod(0, "web-new", true), pod(1, "web-new", true), pod(2, "web-new", true));
        assertThat(names(down.delete())).containsExactly("web-2");
        assertThat(plan(1, true, 0, pod(0, "web-new", true), pod(1, "web-new", true), deleting(pod(2, "web-new", true))).isEmpty()).isTrue();
        assertThat(names(plan(1, false, 0, pod(0, "web-new", true), pod(1, "web-new", true), pod(2, "web-new", true)).delete()))
                .containsExactly("web-2", "web-1");
    }

    @Test
    void rollingUpdateGoesFromTheTopDownToThePartitionOneAtATime() {
        SetPlan first = plan(3, true, 1, pod(0, "web-old", true), pod(1, "web-old", true), pod(2, "web-old", true));
        assertThat(names(first.delete())).containsExactly("web-2");
        // web-2 came back at the new revision but is not ready yet: wait
        assertThat(plan(3, true, 1, pod(0, "web-old", true), pod(1, "web-old", true), pod(2, "web-new", false)).isEmpty()).isTrue();
        SetPlan second = plan(3, true, 1, pod(0, "web-old", true), pod(1, "web-old", true), pod(2, "web-new", true));
        assertThat(names(second.delete())).containsExactly("web-1");
        // below the partition nothing moves
        assertThat(plan(3, true, 1, pod(0, "web-old", true), pod(1, "web-new", true), pod(2, "web-new", true)).isEmpty()).isTrue();
    }

    @Test
    void onDeleteNeverReplacesARunningPod() {
        SetPlan plan = SetPlanner.plan(SetView.of("web", 1, List.of(pod(0, "web-old", true))), true, false, 0, "web-new");
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void foreignNamesAreNoMembers() {
        Pod stray = new PodBuilder(pod(0, "web-new", true)).editMetadata().withName("web-x").endMetadata().build();
        Pod padded = new PodBuilder(pod(0, "web-new", true)).editMetadata().withName("web-01").endMetadata().build();
        SetView view = SetView.of("web", 2, List.of(stray, padded));
        assertThat(view.members()).isEmpty();
        assertThat(view.condemned()).isEmpty();
    }
}
