package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancedAllocationTest {

    private final BalancedAllocation plugin = new BalancedAllocation();

    @Test
    void prefersTheNodeWhereCpuAndMemoryStayInProportion() {
        Harness h = new Harness(List.of(node("cpu-heavy").withCpu("4").withMemory("4Gi").one(),
                        node("even").withCpu("4").withMemory("4Gi").one()),
                pod("x").cpu("3").onNode("cpu-heavy").build());

        var scores = h.score(plugin, pod("p").cpu("1").memory("1Gi").build());

        // cpu-heavy: cpu 4/4=1.0, memory 0.25 -> std 0.375 -> 62; even: 0.25 and 0.25 -> 100
        assertThat(scores).containsEntry("cpu-heavy", 62L).containsEntry("even", 100L);
    }

    @Test
    void skipsBestEffortPods() {
        Harness h = new Harness(List.of(node("n").one()));
        assertThat(h.score(plugin, pod("p").build())).isEmpty();
    }
}
