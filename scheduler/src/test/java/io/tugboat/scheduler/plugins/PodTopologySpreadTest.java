package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.tugboat.scheduler.testing.Harness;
import io.tugboat.scheduler.testing.Pods;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTopologySpreadTest {

    private static final String ZONE = "topology.kubernetes.io/zone";
    private final PodTopologySpread plugin = new PodTopologySpread();

    /** 3 zones a, b, c with 2 nodes each (node-0 and node-3 in zone-a, ...). */
    private Harness cluster(Pods... existing) {
        return new Harness(nodes(6).inZones(3).build(), java.util.Arrays.stream(existing).map(Pods::build).toArray(io.fabric8.kubernetes.api.model.Pod[]::new));
    }

    private static Pods web(String name, String node) {
        return pod(name).label("app", "web").onNode(node);
    }

    @Test
    void doNotScheduleKeepsSkewWithinMaxSkew() {
        Harness h = cluster(web("w0", "node-0"), web("w1", "node-3"), web("w2", "node-1"));
        // zone-a 2, zone-b 1, zone-c 0: with the pod itself only zone-c keeps skew <= 1.
        var r = h.filter(plugin, pod("p").label("app", "web").spread(1, ZONE, "DoNotSchedule", "app", "web").build());
        assertThat(r.get("node-2")).isNull();
        assertThat(r.get("node-5")).isNull();
        assertThat(r.get("node-1").reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
        assertThat(r.get("node-1").unresolvable()).isFalse();
        assertThat(r.get("node-0")).isNotNull();
    }

    @Test
    void aPodThatDoesNotMatchItsOwnSelectorDoesNotCountItself() {
        Harness h = cluster(web("w0", "node-0"));
        var r = h.filter(plugin, pod("p").label("app", "other").spread(1, ZONE, "DoNotSchedule", "app", "web").build());
        assertThat(r.values()).containsOnlyNulls();
    }

    @Test
    void minDomainsTreatsTheGlobalMinimumAsZero() {
        Harness h = cluster(web("w0", "node-0"), web("w1", "node-1"), web("w2", "node-2"));
        TopologySpreadConstraint c = constraint(1, ZONE);
        c.setMinDomains(5);
        var r = h.filter(plugin, pod("p").label("app", "web").spreadConstraint(c).build());
        // every zone holds 1; with minDomains 5 > 3 domains the minimum is 0, so 1 + 1 - 0 > 1 everywhere.
        assertThat(r.values()).doesNotContainNull();
    }

    @Test
    void nodeAffinityPolicyHonorLeavesExcludedDomainsOut() {
        Harness h = cluster(web("w0", "node-0"), web("w1", "node-1"));
        // The pod may only go to zones a and b; zone-c (empty) must not hold the minimum at 0.
        var pod = pod("p").label("app", "web").requireNode(ZONE, "In", "zone-a", "zone-b")
                .spread(1, ZONE, "DoNotSchedule", "app", "web").build();
        var r = h.filter(plugin, pod);
        assertThat(r.get("node-0")).isNull();
        assertThat(r.get("node-1")).isNull();
        TopologySpreadConstraint ignore = constraint(1, ZONE);
        ignore.setNodeAffinityPolicy("Ignore");
        var r2 = h.filter(plugin, pod("p").label("app", "web").requireNode(ZONE, "In", "zone-a", "zone-b").spreadConstraint(ignore).build());
        assertThat(r2.get("node-0")).isNotNull();
    }

    @Test
    void matchLabelKeysNarrowTheSelectorToThePodsRevision() {
        Harness h = cluster(web("w0", "node-0").label("rev", "1"), web("w1", "node-3").label("rev", "1"));
        TopologySpreadConstraint c = constraint(1, ZONE);
        c.setMatchLabelKeys(List.of("rev"));
        var r = h.filter(plugin, pod("p").label("app", "web").label("rev", "2").spreadConstraint(c).build());
        assertThat(r.values()).containsOnlyNulls();
    }

    @Test
    void scheduleAnywayScoresEmptierDomainsHigher() {
        Harness h = cluster(web("w0", "node-0"), web("w1", "node-3"), web("w2", "node-1"));
        Map<String, Long> scores = h.score(plugin, pod("p").label("app", "web").spread(1, ZONE, "ScheduleAnyway", "app", "web").build());
        Map<String, Long> byZone = new HashMap<>();
        scores.forEach((n, s) -> byZone.put(n, s));
        assertThat(scores.get("node-2")).isEqualTo(100L);
        assertThat(scores.get("node-1")).isGreaterThan(scores.get("node-0"));
        assertThat(scores.get("node-0")).isEqualTo(scores.get("node-3"));
        assertThat(h.score(plugin, pod("q").build())).isEmpty();
    }

    @Test
    void batchOfSpreadPodsEndsEvenlyAcrossZones() {
        Harness h = cluster();
        for (int i = 0; i < 9; i++) {
            h.place(pod("w" + i).label("app", "web").cpu("100m").spread(1, ZONE, "DoNotSchedule", "app", "web").build());
        }
        Map<String, Integer> perZone = new HashMap<>();
        for (var n : h.snapshot().nodes()) {
            perZone.merge(n.spec().label(ZONE), n.podCount(), Integer::sum);
        }
        assertThat(perZone).containsEntry("zone-a", 3).containsEntry("zone-b", 3).containsEntry("zone-c", 3);
    }

    private static TopologySpreadConstraint constraint(int maxSkew, String key) {
        TopologySpreadConstraint c = new TopologySpreadConstraint();
        c.setMaxSkew(maxSkew);
        c.setTopologyKey(key);
        c.setWhenUnsatisfiable("DoNotSchedule");
        c.setLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "web").build());
        return c;
    }
}
