package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.nodes;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.testing.Harness;
import org.junit.jupiter.api.Test;

class NodeNameTest {

    @Test
    void onlyTheNamedNodeFits() {
        Harness h = new Harness(nodes(2).build());
        var r = h.filter(new NodeName(), pod("p").onNode("node-1").build());
        assertThat(r.get("node-0").reasons()).containsExactly("node(s) didn't match the requested node name");
        assertThat(r.get("node-1")).isNull();
        assertThat(h.filter(new NodeName(), pod("q").build()).values()).containsOnlyNulls();
    }
}
