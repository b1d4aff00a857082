package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeResourcesFitTest {

    private final NodeResourcesFit plugin = new NodeResourcesFit();

    @Test
    void requestsAreComparedWithWhatIsLeft() {
        Harness h = new Harness(List.of(node("n").withCpu("2").withMemory("4Gi").one()),
                pod("x").cpu("1500m").memory("1Gi").onNode("n").build());

        assertThat(h.filter(plugin, pod("fits").cpu("500m").memory("3Gi").build()).get("n")).isNull();
        Rejection r = h.filter(plugin, pod("no").cpu("501m").memory("3Gi").build()).get("n");
        assertThat(r.reasons()).containsExactly("Insufficient cpu");
        assertThat(r.unresolvable()).isFalse();
    }

    @Test
    void requestLargerThanTheNodeIsUnresolvable() {
        Harness h = new Harness(List.of(node("n").withCpu("2").one()));
        Rejection r = h.filter(plugin, pod("p").cpu("3").memory("32Gi").build()).get("n");
        assertThat(r.reasons()).containsExactly("Insufficient cpu", "Insufficient memory");
        assertThat(r.unresolvable()).isTrue();
    }

    @Test
    void podCountAndEphemeralStorageAndExtendedResources() {
        Harness h = new Harness(List.of(node("n").withPods(1).withResource("example.com/gpu", "1").one()),
                pod("x").onNode("n").build());
        Rejection r = h.filter(plugin, pod("p").request("ephemeral-storage", "200Gi").request("example.com/gpu", "2").build()).get("n");
        assertThat(r.reasons()).containsExactly("Too many pods", "Insufficient ephemeral-storage", "Insufficient example.com/gpu");
    }

    @Test
    void aPodRequestingNothingOnlyNeedsAPodSlot() {
        Harness h = new Harness(List.of(node("n").withCpu("1").one()), pod("x").cpu("1").onNode("n").build());
        assertThat(h.filter(plugin, pod("p").build()).get("n")).isNull();
    }

    @Test
    void initContainersCountAtTheirMaximumAndOverheadOnTop() {
        PodInfo p = PodInfo.of(pod("p").cpu("1").memory("1Gi").initContainer("2", "512Mi").initContainer("500m", "3Gi")
                .overhead("100m", "64Mi").build());
        assertThat(p.requests().milliCpu()).isEqualTo(2100);
        assertThat(p.requests().memory()).isEqualTo(3L * 1024 * 1024 * 1024 + 64L * 1024 * 1024);
    }

    @Test
    void scoringUsesDefaultRequestsForContainersThatNameNone() {
        PodInfo p = PodInfo.of(pod("p").build());
        assertThat(p.nonZeroMilliCpu()).isEqualTo(100);
        assertThat(p.nonZeroMemory()).isEqualTo(200L * 1024 * 1024);
        assertThat(p.requests().isZero()).isTrue();
    }

    @Test
    void leastAllocatedPrefersTheEmptierNode() {
        Harness h = new Harness(List.of(node("empty").withCpu("4").withMemory("4Gi").one(),
                        node("half").withCpu("4").withMemory("4Gi").one()),
                pod("x").cpu("2").memory("2Gi").onNode("half").build());

        var scores = h.score(plugin, pod("p").cpu("1").memory("1Gi").build());

        // empty: cpu (4-1)/4=75, memory 75 -> 75; half: cpu (4-3)/4=25, memory 25 -> 25
        assertThat(scores).containsEntry("empty", 75L).containsEntry("half", 25L);
    }
}
