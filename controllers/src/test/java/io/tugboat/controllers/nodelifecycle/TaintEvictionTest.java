package io.tugboat.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintEvictionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
    private static final Taint UNREACHABLE = new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute")
            .withTimeAdded("2026-01-01T00:00:00Z").build();

    private static Pod pod(Toleration... tolerations) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withTolerations(tolerations).endSpec().build();
    }

    private static Toleration tolerate(String key, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(seconds).build();
    }

    @Test
    void noNoExecuteTaintKeepsThePod() {
        Taint noSchedule = new TaintBuilder().withKey("k").withEffect("NoSchedule").build();
        assertThat(TaintEviction.deadline(pod(), List.of(noSchedule), NOW)).isEmpty();
        assertThat(TaintEviction.deadline(pod(), null, NOW)).isEmpty();
    }

    @Test
    void anUntoleratedTaintEvictsAtOnce() {
        assertThat(TaintEviction.deadline(pod(), List.of(UNREACHABLE), NOW)).contains(NOW);
        assertThat(TaintEviction.deadline(pod(tolerate("other", null)), List.of(UNREACHABLE), NOW)).contains(NOW);
    }

    @Test
    void aBoundedTolerationRunsFromTheTaintsTimeAdded() {
        assertThat(TaintEviction.deadline(pod(tolerate("node.kubernetes.io/unreachable", 300L)), List.of(UNREACHABLE), NOW))
                .contains(Instant.parse("2026-01-01T00:05:00Z"));
        // the shortest of several matching tolerations counts
        assertThat(TaintEviction.deadline(pod(tolerate("node.kubernetes.io/unreachable", 300L), tolerate("", 5L)), List.of(UNREACHABLE), NOW))
                .contains(Instant.parse("2026-01-01T00:00:05Z"));
    }

    @Test
    void anUnboundedTolerationKeepsThePodForever() {
        assertThat(TaintEviction.deadline(pod(tolerate("node.kubernetes.io/unreachable", null)), List.of(UNREACHABLE), NOW)).isEmpty();
    }

    @Test
    void oneUntoleratedTaintAmongTolerated() {
        Taint other = new TaintBuilder().withKey("dedicated").withValue("x").withEffect("NoExecute").build();
        assertThat(TaintEviction.deadline(pod(tolerate("node.kubernetes.io/unreachable", 300L)), List.of(UNREACHABLE, other), NOW))
                .contains(NOW);
    }
}
