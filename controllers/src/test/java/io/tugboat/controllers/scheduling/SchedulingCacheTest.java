package io.tugboat.controllers.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scheduler's cache follows pod changes without rebuilding, and agrees with a rebuild. */
class SchedulingCacheTest {

    private final List<Node> nodes = new ArrayList<>(List.of(node("a"), node("b")));
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final AtomicInteger podLists = new AtomicInteger();
    private final SchedulingCache cache = new SchedulingCache(() -> nodes, List::<Namespace>of,
            () -> {
                podLists.incrementAndGet();
                return pods.values();
            }, pods::get);

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addToAllocatable("cpu", new Quantity("4")).addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("pods", new Quantity("110")).endStatus().build();
    }

    private static Pod pod(String name, String nodeName, String phase) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid(name).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("c").withNewResources()
                .addToRequests("cpu", new Quantity("100m")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    private void informerSees(Pod pod) {
        String key = "default/" + pod.getMetadata().getName();
        pods.put(key, pod);
        cache.podChanged(key, pod);
    }

    private static Map<String, Integer> counts(ClusterSnapshot s) {
        Map<String, Integer> out = new LinkedHashMap<>();
        s.nodes().forEach(n -> out.put(n.name(), n.podCount()));
        return out;
    }

    @Test
    void podChangesAreAppliedWithoutListingEveryPodAgain() {
        informerSees(pod("p1", "a", "Running"));
        assertThat(counts(cache.snapshot())).containsExactly(Map.entry("a", 1), Map.entry("b", 0));
        int lists = podLists.get();

        informerSees(pod("p2", "b", "Running"));
        informerSees(pod("p3", null, "Pending"));
        informerSees(pod("p1", "a", "Succeeded")); // finished pods take no room
        assertThat(counts(cache.snapshot())).containsExactly(Map.entry("a", 0), Map.entry("b", 1));
        assertThat(podLists.get()).isEqualTo(lists);

        pods.remove("default/p2");
        cache.podChanged("default/p2", null);
        assertThat(counts(cache.snapshot())).containsExactly(Map.entry("a", 0), Map.entry("b", 0));
    }

    @Test
    void anAssumedPodCountsOnItsNodeUntilTheBindingFailsOrShows() {
        Pod pending = pod("p", null, "Pending");
        informerSees(pending);
        cache.snapshot();
        cache.assume(pending, "b");
        assertThat(cache.isAssumed("default/p")).isTrue();
        assertThat(counts(cache.snapshot())).containsEntry("b", 1);
        // an unrelated update of the still-unbound pod keeps it assumed where it was placed
        informerSees(pod("p", null, "Pending"));
        assertThat(counts(cache.snapshot())).containsEntry("b", 1);
        // a rebuild (a node changed) keeps it too
        cache.nodesOrNamespacesChanged();
        assertThat(counts(cache.snapshot())).containsEntry("b", 1);

        cache.forget(pending);
        assertThat(counts(cache.snapshot())).containsEntry("b", 0);

        cache.assume(pending, "b");
        informerSees(pod("p", "b", "Pending")); // the binding shows
        assertThat(cache.isAssumed("default/p")).isFalse();
        assertThat(counts(cache.snapshot())).containsEntry("b", 1);
    }

    @Test
    void aNodeChangeRebuildsAndAgreesWithTheIncrementalView() {
        informerSees(pod("p1", "a", "Running"));
        informerSees(pod("p2", "b", "Running"));
        Map<String, Integer> incremental = counts(cache.snapshot());
        nodes.add(node("c"));
        informerSees(pod("p3", "c", "Running"));
        cache.nodesOrNamespacesChanged();
        assertThat(counts(cache.snapshot())).containsAllEntriesOf(incremental).containsEntry("c", 1);
    }
}
