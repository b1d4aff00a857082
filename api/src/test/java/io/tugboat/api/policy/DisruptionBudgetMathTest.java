package io.tugboat.api.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpecBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisruptionBudgetMathTest {

    private static Pod pod(boolean ready, boolean deleting) {
        return new PodBuilder().withNewMetadata().withName("p").withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }

    private static final List<Pod> PODS = List.of(pod(true, false), pod(true, false), pod(false, false), pod(true, true));

    @Test
    void integerMinAvailableCountsThePods() {
        PodDisruptionBudgetSpec spec = new PodDisruptionBudgetSpecBuilder().withMinAvailable(new IntOrString(1)).build();
        DisruptionBudgetMath m = DisruptionBudgetMath.of(spec, PODS, 10);
        assertThat(m.expectedPods()).isEqualTo(4);
        assertThat(m.currentHealthy()).isEqualTo(2);
        assertThat(m.desiredHealthy()).isEqualTo(1);
        assertThat(m.disruptionsAllowed()).isEqualTo(1);
    }

    @Test
    void percentagesAndMaxUnavailableUseTheControllersScaleRoundingUp() {
        PodDisruptionBudgetSpec pct = new PodDisruptionBudgetSpecBuilder().withMinAvailable(new IntOrString("50%")).build();
        assertThat(DisruptionBudgetMath.of(pct, PODS, 3).desiredHealthy()).isEqualTo(2);
        PodDisruptionBudgetSpec max = new PodDisruptionBudgetSpecBuilder().withMaxUnavailable(new IntOrString(1)).build();
        DisruptionBudgetMath m = DisruptionBudgetMath.of(max, PODS, 3);
        assertThat(m.desiredHealthy()).isEqualTo(2);
        assertThat(m.disruptionsAllowed()).isZero();
        PodDisruptionBudgetSpec maxPct = new PodDisruptionBudgetSpecBuilder().withMaxUnavailable(new IntOrString("10%")).build();
        assertThat(DisruptionBudgetMath.of(maxPct, PODS, 3).desiredHealthy()).isEqualTo(2);
    }
}
