package io.tugboat.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

class SurgeTest {

    @Test
    void percentagesRoundSurgeUpAndUnavailableDown() {
        assertThat(Surge.resolve(new IntOrString("25%"), new IntOrString("25%"), 10)).isEqualTo(new Surge(3, 2));
        assertThat(Surge.resolve(new IntOrString("25%"), new IntOrString("25%"), 3)).isEqualTo(new Surge(1, 0));
        assertThat(Surge.resolve(new IntOrString("50%"), new IntOrString("50%"), 5)).isEqualTo(new Surge(3, 2));
    }

    @Test
    void absentValuesAreTheApiDefaultOf25Percent() {
        assertThat(Surge.resolve(null, null, 4)).isEqualTo(new Surge(1, 1));
    }

    @Test
    void integersAreTakenAsTheyAre() {
        assertThat(Surge.resolve(new IntOrString(2), new IntOrString(1), 10)).isEqualTo(new Surge(2, 1));
        assertThat(Surge.resolve(new IntOrString("2"), new IntOrString(0), 10)).isEqualTo(new Surge(2, 0));
    }

    @Test
    void bothZeroAllowsOneUnavailableSoTheRolloutCanMove() {
        assertThat(Surge.resolve(new IntOrString(0), new IntOrString(0), 3)).isEqualTo(new Surge(0, 1));
        assertThat(Surge.resolve(new IntOrString("10%"), new IntOrString("10%"), 1)).isEqualTo(new Surge(1, 0));
        assertThat(Surge.resolve(new IntOrString("0%"), new IntOrString("10%"), 5)).isEqualTo(new Surge(0, 1));
    }

    @Test
    void aBadValueSaysWhatIsWrong() {
        assertThatThrownBy(() -> Surge.scaled(new IntOrString("lots"), 3, true)).hasMessageContaining("\"lots\"");
        assertThatThrownBy(() -> Surge.scaled(new IntOrString("x%"), 3, true)).hasMessageContaining("percentage");
    }

    @Test
    void newReplicaSetGrowsWithinTheSurge() {
        // 3 desired, surge 1: with 3 old pods the new set may have 1
        assertThat(ScaleMath.newReplicaSetSize(3, 1, 3, 0)).isEqualTo(1);
        // already at 4 pods: no growth
        assertThat(ScaleMath.newReplicaSetSize(3, 1, 4, 1)).isEqualTo(1);
        // room for more than it needs: only up to desired
        assertThat(ScaleMath.newReplicaSetSize(3, 5, 1, 2)).isEqualTo(3);
    }

    @Test
    void oldPodsGoOnlyAsFarAsAvailabilityAllows() {
        // 4 pods (3 old + 1 new not yet available), desired 3, maxUnavailable 0: nothing may go
        assertThat(ScaleMath.maxScaledDown(4, 3, 0, 1, 0)).isEqualTo(0);
        // the new one is available: one old may go
        assertThat(ScaleMath.maxScaledDown(4, 3, 0, 1, 1)).isEqualTo(1);
        // maxUnavailable 1 allows one more
        assertThat(ScaleMath.maxScaledDown(4, 3, 1, 1, 0)).isEqualTo(1);
    }
}
