package io.tugboat.scheduler;

import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.testing.Harness;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    @Test
    void adaptivePercentageOfNodesToScore() {
        Profile p = Profile.defaults();
        assertThat(p.numFeasibleNodesToFind(50)).isEqualTo(50);
        assertThat(p.numFeasibleNodesToFind(100)).isEqualTo(100);
        assertThat(p.numFeasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(p.numFeasibleNodesToFind(3000)).isEqualTo(780);
        assertThat(p.numFeasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(p.numFeasibleNodesToFind(20000)).isEqualTo(1000);
        assertThat(p.withPercentageOfNodesToScore(30).numFeasibleNodesToFind(1000)).isEqualTo(300);
        assertThat(p.withPercentageOfNodesToScore(1).numFeasibleNodesToFind(1000)).isEqualTo(100);
        assertThat(p.withPercentageOfNodesToScore(100).numFeasibleNodesToFind(1000)).isEqualTo(1000);
    }

    @Test
    void filterPassStopsOnceEnoughNodesAreFeasibleAndTheNextPodStartsWhereItStopped() {
        ClusterSnapshot s = ClusterSnapshot.builder().nodes(nodes(1000).build()).build();
        Scheduler scheduler = new Scheduler(Profile.defaults(), new SplittableRandom(7));

        var first = (ScheduleResult.Placed) scheduler.schedule(pod("a").cpu("100m").build(), s);
        var second = (ScheduleResult.Placed) scheduler.schedule(pod("b").cpu("100m").build(), s);

        assertThat(first.score().evaluatedNodes()).isEqualTo(420);
        assertThat(first.score().feasibleNodes()).isEqualTo(420);
        int firstIndex = s.node(first.nodeName()).index();
        int secondIndex = s.node(second.nodeName()).index();
        assertThat(firstIndex).isBetween(0, 419);
        assertThat(secondIndex).isBetween(420, 839);
    }

    @Test
    void infeasibleNodesDoNotCountTowardsTheNodesToFind() {
        List<Node> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(node("ok-" + i).one());
            all.add(node("tainted-" + i).withTaint("dedicated", "x", "NoSchedule").one());
        }
        ClusterSnapshot s = ClusterSnapshot.builder().nodes(all).build();
        Scheduler scheduler = new Scheduler(Profile.defaults(), new SplittableRandom(7));

        var placed = (ScheduleResult.Placed) scheduler.schedule(pod("a").build(), s);

        assertThat(placed.score().feasibleNodes()).isEqualTo(100);
        assertThat(placed.score().evaluatedNodes()).isEqualTo(199);
        assertThat(placed.nodeName()).startsWith("ok-");
    }

    @Test
    void equalScoresAreBrokenAtRandomButReproducibly() {
        ClusterSnapshot s = ClusterSnapshot.builder().nodes(nodes(5).build()).build();
        Set<String> chosen = new HashSet<>();
        List<String> run1 = new ArrayList<>();
        List<String> run2 = new ArrayList<>();
        Scheduler a = new Scheduler(Profile.defaults(), new SplittableRandom(3));
        Scheduler b = new Scheduler(Profile.defaults(), new SplittableRandom(3));
        for (int i = 0; i < 50; i++) {
            run1.add(((ScheduleResult.Placed) a.schedule(pod("p").cpu("1").build(), s)).nodeName());
            run2.add(((ScheduleResult.Placed) b.schedule(pod("p").cpu("1").build(), s)).nodeName());
        }
        chosen.addAll(run1);
        assertThat(chosen).hasSize(5);
        assertThat(run1).isEqualTo(run2);
    }

    @Test
    void placementsAccumulateSoLeastAllocatedSpreadsABatch() {
        Harness h = new Harness(nodes(4).withCpu("4").build());
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            used.add(h.place(pod("p" + i).cpu("2").memory("1Gi").build()));
        }
        assertThat(used).hasSize(4);
        for (int i = 4; i < 8; i++) {
            h.place(pod("p" + i).cpu("2").memory("1Gi").build());
        }
        assertThat(h.schedule(pod("p8").cpu("2").build())).isInstanceOf(ScheduleResult.Unschedulable.class);
        assertThat(h.snapshot().nodes()).allSatisfy(n -> assertThat(n.requested().milliCpu()).isEqualTo(4000));
    }

    @Test
    void scoreDetailsNameEveryPluginWithItsWeightedScore() {
        Harness h = new Harness(List.of(node("busy").one(), node("idle").one()),
                pod("x").cpu("2").memory("8Gi").onNode("busy").build());

        var placed = (ScheduleResult.Placed) h.schedule(pod("p").cpu("1").memory("1Gi").build());

        assertThat(placed.nodeName()).isEqualTo("idle");
        assertThat(placed.score().byPlugin()).containsKeys("TaintToleration", "NodeAffinity", "NodeResourcesFit",
                "PodTopologySpread", "InterPodAffinity", "NodeResourcesBalancedAllocation");
        assertThat(placed.score().byPlugin().get("TaintToleration")).isEqualTo(300);
        assertThat(placed.score().total()).isEqualTo(placed.score().byPlugin().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aPodNamingItsNodeGoesThere() {
        Harness h = new Harness(nodes(3).build());
        assertThat(h.place(pod("p").onNode("node-2").build())).isEqualTo("node-2");
    }
}
