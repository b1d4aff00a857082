package io.tugboat.scheduler;

import static io.tugboat.scheduler.testing.Harness.all;
import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.testing.Harness;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The PodScheduled=False messages, character for character as kube-scheduler writes them. */
class SchedulerMessagesTest {

    private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

    /** kube sorts the "count reason" strings as strings (Go's sort.Strings), so "2 node(s)..." precedes "3 Insufficient...". */
    @Test
    void requestLargerThanAnyNodeAndTaintsAreNotHelpedByPreemption() {
        Harness h = new Harness(all(nodes(3).withCpu("4").build(),
                List.of(node("cp-0").withTaint(CONTROL_PLANE, "", "NoSchedule").one(),
                        node("cp-1").withTaint(CONTROL_PLANE, "", "NoSchedule").one())));

        assertThat(h.unschedulable(pod("big").cpu("8").build())).isEqualTo(
                "0/5 nodes are available: 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu."
                        + " preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.");
    }

    @Test
    void fullNodesWithoutLowerPriorityPodsHaveNoVictims() {
        Harness h = new Harness(all(nodes(3).withCpu("4").build(),
                        List.of(node("cp-0").withTaint(CONTROL_PLANE, "", "NoSchedule").one(),
                                node("cp-1").withTaint(CONTROL_PLANE, "", "NoSchedule").one())),
                pod("a").cpu("2").onNode("node-0").build(), pod("b").cpu("2").onNode("node-1").build(),
                pod("c").cpu("2").onNode("node-2").build());

        assertThat(h.unschedulable(pod("p").cpu("3").build())).isEqualTo(
                "0/5 nodes are available: 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu."
                        + " preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling,"
                        + " 3 No preemption victims found for incoming pod.");
    }

    @Test
    void severalReasonsOnOneNodeAreAllCountedAndSortedAsStrings() {
        Harness h = new Harness(List.of(
                        node("small").withCpu("1").withMemory("1Gi").withPods(1).one(),
                        node("ssd-less").one(),
                        node("cordoned").unschedulable().withLabel("disk", "ssd").one(),
                        node("tainted").withLabel("disk", "ssd").withTaint("dedicated", "gpu", "NoExecute").one()),
                pod("x").onNode("small").build());

        String message = h.unschedulable(pod("p").cpu("2").memory("2Gi").nodeSelector("disk", "ssd").build());

        // "small" fails NodeAffinity first (filters stop at the first refusal), so use a selector it meets.
        assertThat(message).isEqualTo("0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu},"
                + " 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector."
                + " preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
    }

    @Test
    void everyShortfallOfOneNodeIsReported() {
        Harness h = new Harness(List.of(node("small").withCpu("1").withMemory("1Gi").withPods(1).one()),
                pod("x").cpu("1").onNode("small").build());

        assertThat(h.unschedulable(pod("p").cpu("500m").memory("2Gi").build())).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods."
                        + " preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
    }

    @Test
    void thirdHostPortPodOnTwoNodesIsUnschedulable() {
        Harness h = new Harness(nodes(2).build());

        String first = h.place(pod("web-0").hostPort(80).build());
        String second = h.place(pod("web-1").hostPort(80).build());

        assertThat(first).isNotEqualTo(second);
        assertThat(h.unschedulable(pod("web-2").hostPort(80).build())).isEqualTo(
                "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports."
                        + " preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    }

    @Test
    void antiAffinityAgainstEveryNode() {
        Harness h = new Harness(nodes(3).build(),
                pod("web-0").label("app", "web").onNode("node-0").build(),
                pod("web-1").label("app", "web").onNode("node-1").build(),
                pod("web-2").label("app", "web").onNode("node-2").build());

        assertThat(h.unschedulable(pod("web-3").label("app", "web")
                .antiAffinity("kubernetes.io/hostname", "app", "web").build())).isEqualTo(
                "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules."
                        + " preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
    }

    @Test
    void existingPodsAntiAffinityRefusesTheIncomingPod() {
        Harness h = new Harness(nodes(2).build(),
                pod("guard-0").label("app", "guard").antiAffinity("kubernetes.io/hostname", "app", "web").onNode("node-0").build(),
                pod("guard-1").label("app", "guard").antiAffinity("kubernetes.io/hostname", "app", "web").onNode("node-1").build());

        assertThat(h.unschedulable(pod("web").label("app", "web").build())).isEqualTo(
                "0/2 nodes are available: 2 node(s) didn't satisfy existing pods anti-affinity rules."
                        + " preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    }

    @Test
    void preemptionPolicyNeverIsNotEligible() {
        Harness h = new Harness(nodes(1).withCpu("1").build(), pod("low").cpu("1").priority(0).onNode("node-0").build());

        assertThat(h.unschedulable(pod("p").cpu("1").priority(100).preemptionPolicy("Never").build())).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void spreadAndAffinityReasons() {
        Harness h = new Harness(nodes(2).inZones(2).build(),
                pod("a-0").label("app", "a").onNode("node-0").build());

        assertThat(h.unschedulable(pod("b").affinity("kubernetes.io/hostname", "app", "missing").build()))
                .isEqualTo("0/2 nodes are available: 2 node(s) didn't match pod affinity rules."
                        + " preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        assertThat(h.unschedulable(pod("c").label("app", "a").spread(1, "rack", "DoNotSchedule", "app", "a").build()))
                .isEqualTo("0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints (missing required label)."
                        + " preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    }

    @Test
    void noNodes() {
        Scheduler s = new Scheduler(Profile.defaults(), new SplittableRandom(1));
        ScheduleResult r = s.schedule(pod("p").build(), ClusterSnapshot.builder().build());
        assertThat(r).isInstanceOfSatisfying(ScheduleResult.Unschedulable.class,
                u -> assertThat(u.message()).isEqualTo("no nodes available to schedule pods"));
    }
}
