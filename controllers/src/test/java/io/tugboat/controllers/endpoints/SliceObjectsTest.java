package io.tugboat.controllers.endpoints;

import static io.tugboat.controllers.endpoints.Fixtures.pod;
import static io.tugboat.controllers.endpoints.Fixtures.port;
import static io.tugboat.controllers.endpoints.Fixtures.service;
import static io.tugboat.controllers.endpoints.Fixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SliceObjectsTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void aNewSliceHasKubesMetadataAndSurvivesTheTripThroughTheApi() {
        Service svc = service("web", port("http", 80, 8080));
        var desired = SlicePlanner.desired(PodEndpoints.of(svc, List.of(pod("a", "web", "10.0.0.1", true),
                terminating(pod("b", "web", "10.0.0.2", true)))), false);
        SlicePlan plan = SlicePlanner.plan(desired, List.of(), SliceLabels.of(svc), 100);

        EndpointSlice created = SliceObjects.create(svc, plan.creates().get(0), Optional.of(Instant.parse("2024-01-01T00:01:00Z")));

        assertThat(created.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(created.getAddressType()).isEqualTo("IPv4");
        assertThat(created.getMetadata().getAnnotations()).containsEntry(TriggerTimes.ANNOTATION, "2024-01-01T00:01:00Z");
        assertThat(created.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("Service");
            assertThat(r.getApiVersion()).isEqualTo("v1");
            assertThat(r.getUid()).isEqualTo("svc-uid");
            assertThat(r.getController()).isTrue();
            assertThat(r.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(created.getEndpoints()).hasSize(2);
        assertThat(created.getEndpoints().get(1).getConditions().getTerminating()).isTrue();
        assertThat(created.getEndpoints().get(1).getConditions().getReady()).isFalse();
        assertThat(created.getEndpoints().get(1).getConditions().getServing()).isTrue();

        EndpointSlice stored = json.unmarshal(json.asJson(created), EndpointSlice.class);
        stored.getMetadata().setName("web-x7k2p");
        CurrentSlice read = SliceObjects.read(stored, svc);
        assertThat(read.owned()).isTrue();
        assertThat(read.content()).isEqualTo(plan.creates().get(0));
        assertThat(SlicePlanner.plan(desired, List.of(read), SliceLabels.of(svc), 100).isEmpty()).isTrue();
    }

    @Test
    void aSliceOfAnotherServiceUidIsNotOwned() {
        Service svc = service("web", port("http", 80, 8080));
        EndpointSlice slice = SliceObjects.create(svc, new SliceContent(List.of(), List.of(), SliceLabels.of(svc)), Optional.empty());
        Service recreated = service("web", port("http", 80, 8080));
        recreated.getMetadata().setUid("other-uid");
        slice.getMetadata().setName("web-abcde");
        assertThat(SliceObjects.read(slice, recreated).owned()).isFalse();
        assertThat(slice.getMetadata().getAnnotations()).doesNotContainKey(TriggerTimes.ANNOTATION);
    }
}
