package io.tugboat.controllers.endpoints;

import static io.tugboat.controllers.endpoints.Fixtures.containerPort;
import static io.tugboat.controllers.endpoints.Fixtures.pod;
import static io.tugboat.controllers.endpoints.Fixtures.port;
import static io.tugboat.controllers.endpoints.Fixtures.service;
import static io.tugboat.controllers.endpoints.Fixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SlicePlannerTest {

    private static final Map<String, String> LABELS = Map.of(SliceLabels.SERVICE_NAME, "web", SliceLabels.MANAGED_BY, SliceLabels.CONTROLLER_NAME);
    private static final List<PortSpec> HTTP = List.of(new PortSpec("http", "TCP", 8080, null));

    private static SliceEndpoint endpoint(String pod, String ip, boolean ready) {
        return new SliceEndpoint(List.of(ip), ready, ready, false, null, "node-1", new PodRef("ns", pod, "uid-" + pod));
    }

    private static List<SliceEndpoint> endpoints(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> endpoint("p" + i, "10.0." + (i / 250) + "." + (i % 250), true)).toList();
    }

    private static Map<List<PortSpec>, List<SliceEndpoint>> desired(List<PortSpec> ports, List<SliceEndpoint> endpoints) {
        Map<List<PortSpec>, List<SliceEndpoint>> m = new LinkedHashMap<>();
        m.put(ports, endpoints);
        return m;
    }

    private static CurrentSlice slice(String name, List<PortSpec> ports, List<SliceEndpoint> endpoints) {
        return new CurrentSlice(name, true, new SliceContent(ports, endpoints, LABELS));
    }

    /** The state after a plan is carried out, with created slices named new-0, new-1, ... */
    private static List<CurrentSlice> after(List<CurrentSlice> existing, SlicePlan plan) {
        List<CurrentSlice> result = new ArrayList<>();
        for (CurrentSlice s : existing) {
            if (plan.deletes().contains(s.name())) {
                continue;
            }
            result.add(plan.updates().containsKey(s.name()) ? new CurrentSlice(s.name(), true, plan.updates().get(s.name())) : s);
        }
        for (int i = 0; i < plan.creates().size(); i++) {
            result.add(new CurrentSlice("new-" + i, true, plan.creates().get(i)));
        }
        return result;
    }

    @Test
    void podsResolvingToDifferentPortsGoToDifferentSlices() {
        Service svc = service("web", port("http", 80, "web"));
        List<Pod> pods = List.of(pod("a", "web", "10.0.0.1", true, containerPort("web", 8080)),
                pod("b", "web", "10.0.0.2", true, containerPort("web", 8081)),
                pod("c", "web", "10.0.0.3", true, containerPort("web", 8080)),
                pod("d", "web", "10.0.0.4", true));
        var desired = SlicePlanner.desired(PodEndpoints.of(svc, pods), false);

        SlicePlan plan = SlicePlanner.plan(desired, List.of(), LABELS, 100);

        assertThat(plan.updates()).isEmpty();
        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.creates()).hasSize(3);
        Map<List<PortSpec>, List<String>> podsByPorts = new LinkedHashMap<>();
        plan.creates().forEach(c -> podsByPorts.put(c.ports(), c.endpoints().stream().map(e -> e.targetRef().name()).toList()));
        assertThat(podsByPorts).containsExactly(
                Map.entry(List.of(new PortSpec("http", "TCP", 8080, null)), List.of("a", "c")),
                Map.entry(List.of(new PortSpec("http", "TCP", 8081, null)), List.of("b")),
                Map.entry(List.of(), List.of("d")));
    }

    @Test
    void atMostAHundredEndpointsASliceAndNothingToDoOnceWritten() {
        SlicePlan plan = SlicePlanner.plan(desired(HTTP, endpoints(0, 250)), List.of(), LABELS, 100);
        assertThat(plan.creates()).extracting(c -> c.endpoints().size()).containsExactly(100, 100, 50);

        List<CurrentSlice> written = after(List.of(), plan);
        assertThat(SlicePlanner.plan(desired(HTTP, endpoints(0, 250)), written, LABELS, 100).isEmpty()).isTrue();
    }

    @Test
    void conditionsFollowReadinessTerminationAndPublishNotReadyAddresses() {
        Service svc = service("web", port("", 80, 80));
        List<Pod> pods = List.of(pod("ready", "web", "10.0.0.1", true), pod("unready", "web", "10.0.0.2", false),
                terminating(pod("leaving", "web", "10.0.0.3", true)), terminating(pod("leaving-unready", "web", "10.0.0.4", false)));
        List<PodEndpoint> endpoints = PodEndpoints.of(svc, pods);

        Map<String, List<Boolean>> normal = conditions(SlicePlanner.desired(endpoints, false));
        assertThat(normal).containsEntry("ready", List.of(true, true, false))
                .containsEntry("unready", List.of(false, false, false))
                .containsEntry("leaving", List.of(false, true, true))
                .containsEntry("leaving-unready", List.of(false, false, true));

        Map<String, List<Boolean>> published = conditions(SlicePlanner.desired(endpoints, true));
        assertThat(published).containsEntry("unready", List.of(true, false, false))
                .containsEntry("leaving", List.of(true, true, true))
                .containsEntry("leaving-unready", List.of(true, false, true));
    }

    /** pod name -> [ready, serving, terminating] */
    private static Map<String, List<Boolean>> conditions(Map<List<PortSpec>, List<SliceEndpoint>> desired) {
        Map<String, List<Boolean>> m = new LinkedHashMap<>();
        desired.values().forEach(list -> list.forEach(e -> m.put(e.targetRef().name(), List.of(e.ready(), e.serving(), e.terminating()))));
        return m;
    }

    @Test
    void aChangedEndpointIsUpdatedInPlaceAndARemovedOneTakenOut() {
        List<CurrentSlice> existing = List.of(slice("web-a", HTTP, List.of(endpoint("p1", "10.0.0.1", true), endpoint("p2", "10.0.0.2", true))),
                slice("web-b", HTTP, List.of(endpoint("p3", "10.0.0.3", true))));

        SlicePlan plan = SlicePlanner.plan(desired(HTTP, List.of(endpoint("p1", "10.0.0.1", false), endpoint("p3", "10.0.0.3", true))),
                existing, LABELS, 100);

        assertThat(plan.creates()).isEmpty();
        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.updates()).containsOnlyKeys("web-a");
        assertThat(plan.updates().get("web-a").endpoints()).containsExactly(endpoint("p1", "10.0.0.1", false));
    }

    @Test
    void anEmptiedSliceIsDeletedUnlessANewOneCanReuseIt() {
        List<CurrentSlice> existing = List.of(slice("web-a", HTTP, List.of(endpoint("p1", "10.0.0.1", true))),
                slice("web-b", HTTP, List.of(endpoint("p2", "10.0.0.2", true))));
        SlicePlan gone = SlicePlanner.plan(desired(HTTP, List.of(endpoint("p2", "10.0.0.2", true))), existing, LABELS, 100);
        assertThat(gone.deletes()).containsExactly("web-a");
        assertThat(gone.updates()).isEmpty();
        assertThat(gone.creates()).isEmpty();

        // every pod replaced by one on other ports: the old slice is rewritten rather than deleted and created
        List<PortSpec> other = List.of(new PortSpec("http", "TCP", 9090, null));
        SlicePlan moved = SlicePlanner.plan(desired(other, List.of(endpoint("p9", "10.0.0.9", true))),
                List.of(slice("web-a", HTTP, List.of(endpoint("p1", "10.0.0.1", true)))), LABELS, 100);
        assertThat(moved.creates()).isEmpty();
        assertThat(moved.deletes()).isEmpty();
        assertThat(moved.updates().get("web-a").ports()).isEqualTo(other);
    }

    @Test
    void newEndpointsFillTheUnchangedSliceTheyBringClosestToFull() {
        List<CurrentSlice> existing = List.of(slice("web-a", HTTP, endpoints(0, 60)), slice("web-b", HTTP, endpoints(60, 95)));
        List<SliceEndpoint> wanted = new ArrayList<>(endpoints(0, 155));
        wanted.addAll(endpoints(155, 3));

        SlicePlan plan = SlicePlanner.plan(desired(HTTP, wanted), existing, LABELS, 100);

        assertThat(plan.creates()).isEmpty();
        assertThat(plan.updates()).containsOnlyKeys("web-b");
        assertThat(plan.updates().get("web-b").endpoints()).hasSize(98);
    }

    @Test
    void noEndpointsKeepsOneEmptyPlaceholderSlice() {
        SlicePlan first = SlicePlanner.plan(Map.of(), List.of(), LABELS, 100);
        assertThat(first.creates()).containsExactly(new SliceContent(List.of(), List.of(), LABELS));

        List<CurrentSlice> placeholder = after(List.of(), first);
        assertThat(SlicePlanner.plan(Map.of(), placeholder, LABELS, 100).isEmpty()).isTrue();

        // the last pod goes: its slice becomes the placeholder
        SlicePlan emptied = SlicePlanner.plan(Map.of(), List.of(slice("web-a", HTTP, List.of(endpoint("p1", "10.0.0.1", true)))), LABELS, 100);
        assertThat(emptied.deletes()).isEmpty();
        assertThat(emptied.creates()).isEmpty();
        assertThat(emptied.updates()).containsOnly(Map.entry("web-a", new SliceContent(List.of(), List.of(), LABELS)));

        // and the first pod takes it over
        SlicePlan filled = SlicePlanner.plan(desired(HTTP, List.of(endpoint("p1", "10.0.0.1", true))), placeholder, LABELS, 100);
        assertThat(filled.creates()).isEmpty();
        assertThat(filled.updates()).containsOnlyKeys("new-0");
    }

    @Test
    void slicesOfAnOlderServiceOfTheSameNameAreDeletedAndChangedLabelsRewritten() {
        CurrentSlice stale = new CurrentSlice("web-old", false, new SliceContent(HTTP, List.of(endpoint("p1", "10.0.0.1", true)), LABELS));
        CurrentSlice ours = slice("web-a", HTTP, List.of(endpoint("p1", "10.0.0.1", true)));
        Map<String, String> relabelled = new LinkedHashMap<>(LABELS);
        relabelled.put("team", "b");

        SlicePlan plan = SlicePlanner.plan(desired(HTTP, List.of(endpoint("p1", "10.0.0.1", true))), List.of(stale, ours), relabelled, 100);

        assertThat(plan.deletes()).containsExactly("web-old");
        assertThat(plan.creates()).isEmpty();
        assertThat(plan.updates().get("web-a").labels()).containsEntry("team", "b");
    }

    @Test
    void portsInAnotherOrderAreTheSameGroup() {
        List<PortSpec> two = List.of(new PortSpec("a", "TCP", 1, null), new PortSpec("b", "TCP", 2, null));
        List<CurrentSlice> existing = List.of(slice("web-a", two.reversed(), List.of(endpoint("p1", "10.0.0.1", true))));
        assertThat(SlicePlanner.plan(desired(two, List.of(endpoint("p1", "10.0.0.1", true))), existing, LABELS, 100).isEmpty()).isTrue();
    }

    @Test
    void sliceLabelsAreTheServicesPlusTheReservedOnes() {
        Service svc = service("web", port("", 80, 80));
        svc.getMetadata().getLabels().put(SliceLabels.MANAGED_BY, "someone-else");
        assertThat(SliceLabels.of(svc)).containsExactlyInAnyOrderEntriesOf(Map.of("team", "a", SliceLabels.SERVICE_NAME, "web",
                SliceLabels.MANAGED_BY, SliceLabels.CONTROLLER_NAME, SliceLabels.HEADLESS, ""));
        svc.getSpec().setClusterIP("10.43.0.10");
        assertThat(SliceLabels.of(svc)).doesNotContainKey(SliceLabels.HEADLESS);
    }
}
