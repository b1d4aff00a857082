package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.snapshot.HostPort;
import io.tugboat.scheduler.testing.Harness;
import org.junit.jupiter.api.Test;

class NodePortsTest {

    @Test
    void aTakenHostPortRefusesTheNode() {
        Harness h = new Harness(nodes(2).build(), pod("x").hostPort(8080).onNode("node-0").build());
        var r = h.filter(new NodePorts(), pod("p").hostPort(8080).build());
        assertThat(r.get("node-0").reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
        assertThat(r.get("node-0").unresolvable()).isFalse();
        assertThat(r.get("node-1")).isNull();
        assertThat(h.filter(new NodePorts(), pod("q").hostPort(9090).build()).values()).containsOnlyNulls();
    }

    @Test
    void conflictNeedsSameProtocolAndOverlappingAddress() {
        HostPort any = new HostPort("0.0.0.0", "TCP", 80);
        assertThat(any.conflictsWith(new HostPort("10.0.0.1", "TCP", 80))).isTrue();
        assertThat(new HostPort("10.0.0.1", "TCP", 80).conflictsWith(new HostPort("10.0.0.2", "TCP", 80))).isFalse();
        assertThat(any.conflictsWith(new HostPort("0.0.0.0", "UDP", 80))).isFalse();
    }

    @Test
    void removingThePodFreesThePort() {
        Harness h = new Harness(nodes(1).build(), pod("x").hostPort(80).onNode("node-0").build());
        var freed = h.snapshot().withoutPod("default", "x");
        assertThat(freed.node("node-0").portConflicts(java.util.List.of(new HostPort("0.0.0.0", "TCP", 80)))).isFalse();
        assertThat(h.snapshot().node("node-0").portConflicts(java.util.List.of(new HostPort("0.0.0.0", "TCP", 80)))).isTrue();
    }
}
