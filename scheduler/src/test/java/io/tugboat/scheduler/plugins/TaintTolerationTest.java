package io.tugboat.scheduler.plugins;

import static io.tugboat.scheduler.testing.Nodes.node;
import static io.tugboat.scheduler.testing.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintTolerationTest {

    private final TaintToleration plugin = new TaintToleration();
    private final Harness h = new Harness(List.of(
            node("gpu").withTaint("dedicated", "gpu", "NoSchedule").one(),
            node("draining").withTaint("node.kubernetes.io/unreachable", "", "NoExecute").one(),
            node("soft").withTaint("spot", "true", "PreferNoSchedule").one(),
            node("plain").one()));

    @Test
    void untoleratedNoScheduleAndNoExecuteRefuseTheNode() {
        var r = h.filter(plugin, pod("p").build());
        assertThat(r.get("gpu")).extracting(Rejection::reasons).isEqualTo(List.of("node(s) had untolerated taint {dedicated: gpu}"));
        assertThat(r.get("gpu").unresolvable()).isTrue();
        assertThat(r.get("draining").reasons()).containsExactly("node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
        assertThat(r.get("soft")).isNull();
        assertThat(r.get("plain")).isNull();
    }

    @Test
    void equalNeedsTheValueExistsDoesNotAndEffectMustMatch() {
        assertThat(h.filter(plugin, pod("p").tolerate("dedicated", "Equal", "gpu", "NoSchedule").build()).get("gpu")).isNull();
        assertThat(h.filter(plugin, pod("p").tolerate("dedicated", "Equal", "cpu", "NoSchedule").build()).get("gpu")).isNotNull();
        assertThat(h.filter(plugin, pod("p").tolerate("dedicated", "Exists", null, null).build()).get("gpu")).isNull();
        assertThat(h.filter(plugin, pod("p").tolerate("dedicated", "Exists", null, "NoExecute").build()).get("gpu")).isNotNull();
    }

    @Test
    void emptyKeyWithExistsToleratesEverything() {
        var r = h.filter(plugin, pod("p").tolerate(null, "Exists", null, null).build());
        assertThat(r.values()).containsOnlyNulls();
    }

    @Test
    void preferNoScheduleOnlyLowersTheScore() {
        var scores = h.score(plugin, pod("p").build());
        assertThat(scores).containsEntry("soft", 0L).containsEntry("plain", 100L).containsEntry("gpu", 100L);
        var tolerated = h.score(plugin, pod("p").tolerate("spot", "Exists", null, "PreferNoSchedule").build());
        assertThat(tolerated.values()).containsOnly(100L);
    }
}
