package io.tugboat.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionsAndScalingTest {

    private static Deployment deployment(int replicas, Map<String, String> annotations) {
        return new DeploymentBuilder().withNewMetadata().withName("d").withAnnotations(annotations).withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy().endSpec()
                .build();
    }

    private static ReplicaSet rs(int replicas, Map<String, String> annotations) {
        return new ReplicaSetBuilder().withNewMetadata().withName("d-x").withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().build();
    }

    @Test
    void aReplicaSetTakingANewRevisionKeepsItsOldOneInTheHistory() {
        Deployment d = deployment(3, Map.of("kubernetes.io/change-cause", "undo", Revisions.LAST_APPLIED, "{}"));
        Map<String, String> a = Revisions.forNewReplicaSet(d, rs(0, Map.of(Revisions.REVISION, "1")), 3, -1);
        assertThat(a).containsEntry(Revisions.REVISION, "3").containsEntry(Revisions.REVISION_HISTORY, "1")
                .containsEntry("kubernetes.io/change-cause", "undo").doesNotContainKey(Revisions.LAST_APPLIED)
                .doesNotContainKey(Revisions.DESIRED_REPLICAS);
        Map<String, String> again = Revisions.forNewReplicaSet(d, rs(0, Map.of(Revisions.REVISION, "3", Revisions.REVISION_HISTORY, "1")), 5, -1);
        assertThat(again).containsEntry(Revisions.REVISION, "5").containsEntry(Revisions.REVISION_HISTORY, "1,3");
    }

    @Test
    void aNewReplicaSetGetsItsSizingAnnotations() {
        Map<String, String> a = Revisions.forNewReplicaSet(deployment(3, null), rs(0, null), 1, 4);
        assertThat(a).containsEntry(Revisions.REVISION, "1").containsEntry(Revisions.DESIRED_REPLICAS, "3")
                .containsEntry(Revisions.MAX_REPLICAS, "4").doesNotContainKey(Revisions.REVISION_HISTORY);
    }

    @Test
    void scalingMidRolloutSplitsInProportionToSize() {
        // sized for 10 (+1 surge = 11): old 8, new 3; scaled to 20 (+1 = 21): 10 more to hand out
        Deployment d = deployment(20, null);
        ReplicaSet old = rs(8, Map.of(Revisions.MAX_REPLICAS, "11"));
        ReplicaSet fresh = rs(3, Map.of(Revisions.MAX_REPLICAS, "11"));
        int oldShare = Scaling.proportion(old, d, 1, 10, 0);
        int newShare = Scaling.proportion(fresh, d, 1, 10, oldShare);
        assertThat(oldShare).isEqualTo(7); // 8 * 21 / 11 = 15.3 -> 15
        assertThat(newShare).isEqualTo(3); // 3 * 21 / 11 = 5.7 -> 6, but only 3 are left
    }

    @Test
    void progressIsMeasuredAgainstTheRecordedStatusAndTheDeadline() {
        Deployment d = deployment(3, null);
        d.setStatus(new DeploymentStatusBuilder().withReplicas(3).withUpdatedReplicas(1).withAvailableReplicas(2).build());
        DeploymentStatus more = new DeploymentStatusBuilder().withReplicas(3).withUpdatedReplicas(2).withAvailableReplicas(2).build();
        assertThat(Progress.progressing(d, more)).isTrue();
        assertThat(Progress.progressing(d, d.getStatus())).isFalse();

        d.getSpec().setProgressDeadlineSeconds(10);
        DeploymentStatus s = new DeploymentStatus();
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        Conditions.set(s, Conditions.make(Conditions.PROGRESSING, "True", Conditions.RS_UPDATED, "m", t));
        assertThat(Progress.timedOut(d, s, t.plusSeconds(5))).isFalse();
        assertThat(Progress.timedOut(d, s, t.plusSeconds(11))).isTrue();

        DeploymentStatus done = new DeploymentStatusBuilder().withReplicas(3).withUpdatedReplicas(3).withAvailableReplicas(3)
                .withObservedGeneration(2L).build();
        assertThat(Progress.complete(d, done)).isTrue();
        done.setObservedGeneration(1L);
        assertThat(Progress.complete(d, done)).as("a spec change not yet observed").isFalse();
    }
}
