package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.scheduler.testing.Harness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAffinityTest {

    private final NodeAffinity plugin = new NodeAffinity();
    private final Harness h = new Harness(List.of(
            node("ssd-big").withLabel("disk", "ssd").withLabel("cores", "64").one(),
            node("ssd-small").withLabel("disk", "ssd").withLabel("cores", "8").one(),
            node("hdd").withLabel("disk", "hdd").withLabel("cores", "abc").one(),
            node("bare").one()));

    private List<String> fitting(Pod pod) {
        return h.filter(plugin, pod).entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    @Test
    void nodeSelectorNeedsEveryLabel() {
        assertThat(fitting(pod("p").nodeSelector("disk", "ssd").nodeSelector("cores", "8").build())).containsExactly("ssd-small");
        assertThat(h.filter(plugin, pod("p").nodeSelector("disk", "nvme").build()).get("bare").reasons())
                .containsExactly("node(s) didn't match Pod's node affinity/selector");
    }

    @Test
    void operators() {
        assertThat(fitting(pod("p").requireNode("disk", "In", "ssd", "nvme").build())).containsExactly("ssd-big", "ssd-small");
        assertThat(fitting(pod("p").requireNode("disk", "NotIn", "ssd").build())).containsExactly("hdd", "bare");
        assertThat(fitting(pod("p").requireNode("disk", "Exists").build())).containsExactly("ssd-big", "ssd-small", "hdd");
        assertThat(fitting(pod("p").requireNode("disk", "DoesNotExist").build())).containsExactly("bare");
        assertThat(fitting(pod("p").requireNode("cores", "Gt", "16").build())).containsExactly("ssd-big");
        assertThat(fitting(pod("p").requireNode("cores", "Lt", "16").build())).containsExactly("ssd-small");
    }

    @Test
    void termsAreAlternativesAndMatchFieldsSelectsByName() {
        assertThat(fitting(pod("p").requireNode("disk", "In", "hdd").requireNodeName("bare").build())).containsExactly("hdd", "bare");
    }

    @Test
    void selectorAndAffinityMustBothHold() {
        assertThat(fitting(pod("p").nodeSelector("disk", "ssd").requireNode("cores", "Gt", "16").build())).containsExactly("ssd-big");
    }

    @Test
    void preferredTermsScoreBySummedWeight() {
        var scores = h.score(plugin, pod("p").preferNode(80, "disk", "In", "ssd").preferNode(20, "cores", "Gt", "32").build());
        assertThat(scores).containsEntry("ssd-big", 100L).containsEntry("ssd-small", 80L).containsEntry("hdd", 0L);
        assertThat(h.score(plugin, pod("p").build())).isEmpty();
    }
}
