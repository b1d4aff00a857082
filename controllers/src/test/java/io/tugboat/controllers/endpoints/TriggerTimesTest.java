package io.tugboat.controllers.endpoints;

import static io.tugboat.controllers.endpoints.Fixtures.pod;
import static io.tugboat.controllers.endpoints.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerTimesTest {

    private static Pod readySince(Pod pod, String time) {
        return new PodBuilder(pod).editStatus().editFirstCondition().withLastTransitionTime(time).endCondition().endStatus().build();
    }

    @Test
    void aNewServiceReportsItsCreationThenTheEarliestPodChangeSinceTheLastSync() {
        TriggerTimes times = new TriggerTimes();
        Service svc = service("web");
        Pod a = pod("a", "web", "10.0.0.1", true);
        Pod b = pod("b", "web", "10.0.0.2", true);

        assertThat(times.compute(svc, List.of(a, b))).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(times.compute(svc, List.of(a, b))).as("nothing changed").isEmpty();

        Pod a2 = readySince(a, "2024-01-01T00:03:00Z");
        Pod b2 = readySince(b, "2024-01-01T00:02:00Z");
        assertThat(times.compute(svc, List.of(a2, b2))).contains(Instant.parse("2024-01-01T00:02:00Z"));
        assertThat(TriggerTimes.annotate(null, times.compute(svc, List.of(a2, b2)))).isEmpty();
    }
}
