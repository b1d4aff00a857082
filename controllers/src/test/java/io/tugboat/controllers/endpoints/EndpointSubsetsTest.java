package io.tugboat.controllers.endpoints;

import static io.tugboat.controllers.endpoints.Fixtures.containerPort;
import static io.tugboat.controllers.endpoints.Fixtures.pod;
import static io.tugboat.controllers.endpoints.Fixtures.port;
import static io.tugboat.controllers.endpoints.Fixtures.service;
import static io.tugboat.controllers.endpoints.Fixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSubsetsTest {

    private static List<EndpointSubset> subsets(Service svc, Pod... pods) {
        return EndpointSubsets.of(svc, PodEndpoints.of(svc, List.of(pods)));
    }

    private static List<String> ips(List<EndpointAddress> addresses) {
        return addresses.stream().map(EndpointAddress::getIp).toList();
    }

    @Test
    void readyPodsAreAddressesOthersNotReadyAndTerminatingOnesLeftOut() {
        Service svc = service("web", port("http", 80, 8080));
        List<EndpointSubset> subsets = subsets(svc, pod("b", "web", "10.0.0.2", false), pod("a", "web", "10.0.0.1", true),
                terminating(pod("c", "web", "10.0.0.3", true)));

        assertThat(subsets).singleElement().satisfies(s -> {
            assertThat(ips(s.getAddresses())).containsExactly("10.0.0.1");
            assertThat(ips(s.getNotReadyAddresses())).containsExactly("10.0.0.2");
            assertThat(s.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getPort()).isEqualTo(8080);
                assertThat(p.getProtocol()).isEqualTo("TCP");
            });
            EndpointAddress a = s.getAddresses().get(0);
            assertThat(a.getNodeName()).isEqualTo("node-1");
            assertThat(a.getTargetRef().getKind()).isEqualTo("Pod");
            assertThat(a.getTargetRef().getName()).isEqualTo("a");
            assertThat(a.getTargetRef().getUid()).isEqualTo("uid-a");
            assertThat(a.getTargetRef().getNamespace()).isEqualTo("ns");
        });
    }

    @Test
    void publishNotReadyAddressesListsEveryPodAsReadyTerminatingOnesToo() {
        Service svc = new ServiceBuilder(service("web", port("http", 80, 8080))).editSpec().withPublishNotReadyAddresses(true).endSpec().build();
        List<EndpointSubset> subsets = subsets(svc, pod("a", "web", "10.0.0.1", false), terminating(pod("b", "web", "10.0.0.2", true)));
        assertThat(subsets).singleElement().satisfies(s -> {
            assertThat(ips(s.getAddresses())).containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(s.getNotReadyAddresses()).isEmpty();
        });
    }

    @Test
    void portsSharingTheSameAddressesFormOneSubsetAsKubeRepacksThem() {
        Service svc = service("web", port("http", 80, "web"), port("metrics", 9090, "metrics"));
        Pod both = pod("a", "web", "10.0.0.1", true, containerPort("web", 8080), containerPort("metrics", 9100));
        Pod webOnly = pod("b", "web", "10.0.0.2", true, containerPort("web", 8080));

        List<EndpointSubset> subsets = subsets(svc, webOnly, both);

        assertThat(subsets).hasSize(2);
        assertThat(subsets).anySatisfy(s -> {
            assertThat(ips(s.getAddresses())).containsExactly("10.0.0.1", "10.0.0.2");
            assertThat(s.getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("http:8080");
        });
        assertThat(subsets).anySatisfy(s -> {
            assertThat(ips(s.getAddresses())).containsExactly("10.0.0.1");
            assertThat(s.getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("metrics:9100");
        });
    }

    @Test
    void aHeadlessServiceWithoutPortsListsAddressesAndAnyOtherNothing() {
        Service headless = new ServiceBuilder(service("db")).editSpec().withClusterIP("None").endSpec().build();
        assertThat(subsets(headless, pod("a", "db", "10.0.0.1", true))).singleElement().satisfies(s -> {
            assertThat(ips(s.getAddresses())).containsExactly("10.0.0.1");
            assertThat(s.getPorts()).isEmpty();
        });
        assertThat(subsets(service("db"), pod("a", "db", "10.0.0.1", true))).isEmpty();
    }

    @Test
    void subsetsSurviveTheTripThroughTheApiUnchangedSoASecondSyncWritesNothing() {
        Service svc = service("web", port("", 80, 8080));
        List<EndpointSubset> subsets = subsets(svc, pod("b", "web", "10.0.0.2", false), pod("a", "web", "10.0.0.1", true));
        Endpoints written = new Endpoints("v1", "Endpoints", new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("web").build(), subsets);
        KubernetesSerialization json = new KubernetesSerialization();
        Endpoints read = json.unmarshal(json.asJson(written), Endpoints.class);
        assertThat(read.getSubsets()).isEqualTo(subsets);
        assertThat(json.asJson(written)).doesNotContain("\"name\":\"\"");
    }
}
