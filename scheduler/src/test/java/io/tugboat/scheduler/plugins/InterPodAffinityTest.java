package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.tugboat.scheduler.testing.Harness;
import io.tugboat.scheduler.testing.Pods;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterPodAffinityTest {

    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String HOST = "kubernetes.io/hostname";
    private final InterPodAffinity plugin = new InterPodAffinity();

    /** 4 nodes in 2 zones: node-0, node-2 in zone-a; node-1, node-3 in zone-b. */
    private Harness cluster(Pods... existing) {
        return new Harness(nodes(4).inZones(2).build(), java.util.Arrays.stream(existing).map(Pods::build).toArray(io.fabric8.kubernetes.api.model.Pod[]::new));
    }

    @Test
    void requiredAffinityNeedsAMatchingPodInTheDomain() {
        Harness h = cluster(pod("db").label("app", "db").onNode("node-0"));
        var r = h.filter(plugin, pod("web").affinity(ZONE, "app", "db").build());
        assertThat(r.get("node-0")).isNull();
        assertThat(r.get("node-2")).isNull();
        assertThat(r.get("node-1").reasons()).containsExactly("node(s) didn't match pod affinity rules");
        assertThat(r.get("node-1").unresolvable()).isTrue();
    }

    @Test
    void theFirstPodOfASelfAffineGroupMayGoAnywhere() {
        Harness h = cluster();
        var r = h.filter(plugin, pod("web").label("app", "web").affinity(ZONE, "app", "web").build());
        assertThat(r.values()).containsOnlyNulls();
    }

    @Test
    void requiredAntiAffinityKeepsOnePerDomain() {
        Harness h = cluster(pod("w0").label("app", "web").onNode("node-0"));
        var r = h.filter(plugin, pod("w1").label("app", "web").antiAffinity(ZONE, "app", "web").build());
        assertThat(r.get("node-0").reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(r.get("node-2")).isNotNull();
        assertThat(r.get("node-1")).isNull();
    }

    @Test
    void existingPodsAntiAffinityIsSymmetric() {
        Harness h = cluster(pod("loner").label("app", "loner").antiAffinity(HOST, "app", "web").onNode("node-0"));
        var r = h.filter(plugin, pod("w").label("app", "web").build());
        assertThat(r.get("node-0").reasons()).containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(r.get("node-1")).isNull();
        assertThat(h.filter(plugin, pod("other").label("app", "api").build()).values()).containsOnlyNulls();
    }

    @Test
    void termsLookInTheirOwnNamespaceUnlessToldOtherwise() {
        Harness h = cluster(pod("db").namespace("data").label("app", "db").onNode("node-0"))
                .namespace("data", Map.of("team", "storage"));
        assertThat(h.filter(plugin, pod("web").affinity(ZONE, "app", "db").build()).get("node-0")).isNotNull();

        PodAffinityTerm byName = Pods.term(ZONE, "app", "db");
        byName.setNamespaces(java.util.List.of("data"));
        assertThat(h.filter(plugin, pod("web").antiAffinityTerm(byName).build()).get("node-0")).isNotNull();
        assertThat(h.filter(plugin, pod("web").antiAffinityTerm(byName).build()).get("node-1")).isNull();

        PodAffinityTerm bySelector = Pods.term(ZONE, "app", "db");
        bySelector.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "storage").build());
        assertThat(h.filter(plugin, pod("web").antiAffinityTerm(bySelector).build()).get("node-2").reasons())
                .containsExactly("node(s) didn't match pod anti-affinity rules");
    }

    @Test
    void preferredTermsScoreDomainsWithMatchingPods() {
        Harness h = cluster(pod("cache").label("app", "cache").onNode("node-1"));
        var scores = h.score(plugin, pod("web").preferAffinity(50, ZONE, "app", "cache").build());
        assertThat(scores).containsEntry("node-1", 100L).containsEntry("node-3", 100L).containsEntry("node-0", 0L);
        var anti = h.score(plugin, pod("web").preferAntiAffinity(50, ZONE, "app", "cache").build());
        assertThat(anti).containsEntry("node-1", 0L).containsEntry("node-0", 100L);
    }

    @Test
    void existingPodsPreferencesAndRequiredAffinityAttractTheIncomingPod() {
        Harness h = cluster(pod("fan").label("app", "fan").affinity(HOST, "app", "star").onNode("node-2"));
        var scores = h.score(plugin, pod("star").label("app", "star").build());
        assertThat(scores).containsEntry("node-2", 100L).containsEntry("node-0", 0L);
        assertThat(h.score(plugin, pod("nobody").label("app", "none").build())).isEmpty();
    }

    @Test
    void antiAffinityBatchPlacesOnePerNode() {
        Harness h = cluster();
        for (int i = 0; i < 4; i++) {
            h.place(pod("w" + i).label("app", "web").antiAffinity(HOST, "app", "web").build());
        }
        assertThat(h.snapshot().nodes()).allSatisfy(n -> assertThat(n.podCount()).isEqualTo(1));
        assertThat(h.schedule(pod("w4").label("app", "web").antiAffinity(HOST, "app", "web").build()))
                .isInstanceOf(io.tugboat.scheduler.ScheduleResult.Unschedulable.class);
    }
}
