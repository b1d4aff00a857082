package io.tugboat.scheduler.snapshot;

import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

    @Test
    void nodesAreOrderedZoneByZoneInTurn() {
        ClusterSnapshot s = ClusterSnapshot.builder().nodes(nodes(6).inZones(2).build()).build();
        List<String> order = new ArrayList<>();
        s.nodes().forEach(n -> order.add(n.name()));
        assertThat(order).containsExactly("node-0", "node-1", "node-2", "node-3", "node-4", "node-5");
        var skewed = new ArrayList<>(nodes(4).withLabel("topology.kubernetes.io/zone", "z1").build());
        skewed.addAll(io.tugboat.scheduler.testing.Nodes.node("other").withLabel("topology.kubernetes.io/zone", "z2").build());
        ClusterSnapshot t = ClusterSnapshot.builder().nodes(skewed).build();
        assertThat(t.node(1).name()).isEqualTo("other");
    }

    @Test
    void boundPodsAreSummedAndFinishedOrUnboundOnesIgnored() {
        var done = new PodBuilder(pod("done").cpu("1").onNode("node-0").build()).editStatus().withPhase("Succeeded").endStatus().build();
        ClusterSnapshot s = ClusterSnapshot.builder().nodes(nodes(1).build())
                .pod(pod("a").cpu("500m").memory("1Gi").hostPort(80).onNode("node-0").build())
                .pod(pod("b").cpu("250m").onNode("node-0").build())
                .pod(pod("pending").cpu("1").build())
                .pod(pod("elsewhere").cpu("1").onNode("gone").build())
                .pod(done)
                .build();
        NodeInfo n = s.node("node-0");
        assertThat(n.podCount()).isEqualTo(2);
        assertThat(n.requested().milliCpu()).isEqualTo(750);
        assertThat(n.requested().memory()).isEqualTo(1L << 30);
        assertThat(n.nonZeroMemory()).isEqualTo((1L << 30) + 200L * 1024 * 1024);
        assertThat(s.nodeOf("default", "a")).isEqualTo("node-0");
        assertThat(s.nodeOf("default", "pending")).isNull();
    }

    @Test
    void withPodDerivesANewSnapshotAndLeavesTheOldOneAlone() {
        ClusterSnapshot s0 = ClusterSnapshot.builder().nodes(nodes(2).build()).build();
        PodInfo p = PodInfo.of(pod("p").cpu("1").label("app", "web").build());

        ClusterSnapshot s1 = s0.withPod(p, "node-1");
        ClusterSnapshot s2 = s1.withPod(p, "node-0");
        ClusterSnapshot s3 = s2.withoutPod("default", "p");

        assertThat(s0.node("node-1").podCount()).isZero();
        assertThat(s1.node("node-1").requested().milliCpu()).isEqualTo(1000);
        assertThat(s2.node("node-1").podCount()).isZero();
        assertThat(s2.nodeOf("default", "p")).isEqualTo("node-0");
        assertThat(s3.node("node-0").podCount()).isZero();
        assertThat(s3.nodeOf("default", "p")).isNull();
        assertThatThrownBy(() -> s0.withPod(p, "nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelIndexFindsPodsBySelector() {
        ClusterSnapshot s = ClusterSnapshot.builder().nodes(nodes(2).build())
                .pod(pod("a").label("app", "web").label("tier", "fe").onNode("node-0").build())
                .pod(pod("b").label("app", "web").onNode("node-1").build())
                .pod(pod("c").label("app", "db").onNode("node-1").build())
                .pod(pod("d").namespace("other").label("app", "web").onNode("node-1").build())
                .build();
        List<String> found = new ArrayList<>();
        s.pods().forEachMatching(Set.of("default"), io.tugboat.api.labels.LabelSelector.parse("app=web"), e -> found.add(e.pod().name()));
        assertThat(found).containsExactlyInAnyOrder("a", "b");
        found.clear();
        s.pods().forEachMatching(Set.of("default", "other"), io.tugboat.api.labels.LabelSelector.parse("app in (web), !tier"), e -> found.add(e.pod().name()));
        assertThat(found).containsExactlyInAnyOrder("b", "d");
        found.clear();
        s.pods().forEachMatching(Set.of("default"), io.tugboat.api.labels.LabelSelector.parse("tier"), e -> found.add(e.pod().name()));
        assertThat(found).containsExactly("a");
        found.clear();
        s.pods().forEachMatching(Set.of("default"), null, e -> found.add(e.pod().name()));
        assertThat(found).isEmpty();
    }

    @Test
    void quantitiesRoundUpLikeKubernetes() {
        assertThat(Resources.milli(new io.fabric8.kubernetes.api.model.Quantity("0.0001"))).isEqualTo(1);
        assertThat(Resources.milli(new io.fabric8.kubernetes.api.model.Quantity("1.5"))).isEqualTo(1500);
        assertThat(Resources.value(new io.fabric8.kubernetes.api.model.Quantity("1Ki"))).isEqualTo(1024);
        assertThat(Resources.value(new io.fabric8.kubernetes.api.model.Quantity("1.5k"))).isEqualTo(1500);
        assertThat(Resources.isScalar("example.com/gpu")).isTrue();
        assertThat(Resources.isScalar("hugepages-2Mi")).isTrue();
        assertThat(Resources.isScalar("kubernetes.io/something")).isFalse();
        assertThat(Resources.isScalar("storage")).isFalse();
    }
}
