package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeUnschedulableTest {

    private final Harness h = new Harness(List.of(node("cordoned").unschedulable().one(), node("open").one()));

    @Test
    void cordonedNodesAreRefused() {
        var r = h.filter(new NodeUnschedulable(), pod("p").build());
        assertThat(r.get("cordoned").reasons()).containsExactly("node(s) were unschedulable");
        assertThat(r.get("cordoned").unresolvable()).isTrue();
        assertThat(r.get("open")).isNull();
    }

    @Test
    void unlessThePodToleratesTheUnschedulableTaint() {
        var r = h.filter(new NodeUnschedulable(), pod("p").tolerate("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule").build());
        assertThat(r.values()).containsOnlyNulls();
    }
}
