package io.tugboat.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStatusUnknownTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

    private static NodeCondition condition(String type, String status) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason("KubeletReady").withMessage("ok")
                .withLastHeartbeatTime("2026-01-01T00:00:00Z").withLastTransitionTime("2025-12-31T00:00:00Z").build();
    }

    @Test
    void agentConditionsTurnUnknownAndOthersStay() {
        List<NodeCondition> out = NodeStatusUnknown.conditions(List.of(condition("Ready", "True"), condition("MemoryPressure", "False"),
                condition("NetworkUnavailable", "False")), NOW);
        NodeCondition ready = out.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(ready.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(out.stream().filter(c -> c.getType().equals("NetworkUnavailable")).findFirst().orElseThrow().getStatus()).isEqualTo("False");
        // conditions never posted are added Unknown
        assertThat(out).extracting(NodeCondition::getType).contains("DiskPressure", "PIDPressure");
    }

    @Test
    void alreadyUnknownIsLeftAlone() {
        List<NodeCondition> once = NodeStatusUnknown.conditions(List.of(condition("Ready", "True")), NOW);
        assertThat(NodeStatusUnknown.conditions(once, NOW.plus(Duration.ofMinutes(1)))).isEqualTo(once);
    }

    @Test
    void unreachableTaintsComeAndGo() {
        Taint mine = new TaintBuilder().withKey("dedicated").withValue("x").withEffect("NoSchedule").build();
        Taint notReady = new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoExecute").build();
        List<Taint> tainted = NodeStatusUnknown.withUnreachable(List.of(mine, notReady), NOW);
        assertThat(tainted).extracting(t -> t.getKey() + ":" + t.getEffect()).containsExactly("dedicated:NoSchedule",
                "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
        assertThat(tainted.get(2).getTimeAdded()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(NodeStatusUnknown.withUnreachable(tainted, NOW.plusSeconds(30))).isEqualTo(tainted);
        assertThat(NodeStatusUnknown.withoutUnreachable(tainted)).containsExactly(mine);
    }

    @Test
    void leaseClockCountsFromTheLastChangeItSaw() {
        LeaseClock clock = new LeaseClock();
        assertThat(clock.observe("n", "t1", NOW)).isEqualTo(NOW);
        assertThat(clock.observe("n", "t1", NOW.plusSeconds(30))).isEqualTo(NOW);
        assertThat(clock.observe("n", "t2", NOW.plusSeconds(40))).isEqualTo(NOW.plusSeconds(40));
        clock.forget("n");
        assertThat(clock.observe("n", "t2", NOW.plusSeconds(50))).isEqualTo(NOW.plusSeconds(50));
    }
}
