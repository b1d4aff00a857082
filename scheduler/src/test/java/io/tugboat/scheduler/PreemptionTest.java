package io.tugboat.scheduler;

import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.testing.Harness;
import org.junit.jupiter.api.Test;

class PreemptionTest {

    @Test
    void evictsOnTheNodeWhoseVictimsHaveTheLowestPriority() {
        Harness h = new Harness(nodes(2).withCpu("4").build(),
                pod("low").cpu("3").priority(1).onNode("node-0").build(),
                pod("mid").cpu("3").priority(5).onNode("node-1").build());

        ScheduleResult r = h.schedule(pod("vip").cpu("2").priority(10).build());

        assertThat(r).isInstanceOfSatisfying(ScheduleResult.Preempt.class, p -> {
            assertThat(p.nodeName()).isEqualTo("node-0");
            assertThat(p.victims()).extracting(PodInfo::name).containsExactly("low");
            assertThat(p.error().message()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
        });
    }

    @Test
    void reprievesTheMostImportantPodsThatCanStay() {
        Harness h = new Harness(nodes(1).withCpu("4").build(),
                pod("a").cpu("1").priority(2).onNode("node-0").build(),
                pod("b").cpu("1").priority(1).onNode("node-0").build(),
                pod("c").cpu("1").priority(50).onNode("node-0").build());

        ScheduleResult r = h.schedule(pod("vip").cpu("2").priority(10).build());

        // Both a and b go first; a (more important) fits back, b does not.
        assertThat(r).isInstanceOfSatisfying(ScheduleResult.Preempt.class,
                p -> assertThat(p.victims()).extracting(PodInfo::name).containsExactly("b"));
    }

    @Test
    void equalOrHigherPriorityPodsAreNeverVictims() {
        Harness h = new Harness(nodes(1).withCpu("2").build(),
                pod("same").cpu("2").priority(10).onNode("node-0").build());

        assertThat(h.unschedulable(pod("p").cpu("1").priority(10).build())).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu."
                        + " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void evictingEveryLowerPodStillNotEnoughReportsTheFilterReason() {
        Harness h = new Harness(nodes(1).withCpu("4").build(),
                pod("low").cpu("1").priority(1).onNode("node-0").build(),
                pod("high").cpu("3").priority(100).onNode("node-0").build());

        assertThat(h.unschedulable(pod("p").cpu("2").priority(10).build())).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu."
                        + " preemption: 0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void preemptionCanFreeAHostPort() {
        Harness h = new Harness(nodes(1).build(), pod("old").hostPort(80).priority(0).onNode("node-0").build());

        ScheduleResult r = h.schedule(pod("new").hostPort(80).priority(1000).build());

        assertThat(r).isInstanceOfSatisfying(ScheduleResult.Preempt.class,
                p -> assertThat(p.victims()).extracting(PodInfo::name).containsExactly("old"));
    }
}
