package io.tugboat.controllers.endpoints;

import static io.tugboat.controllers.endpoints.Fixtures.containerPort;
import static io.tugboat.controllers.endpoints.Fixtures.phase;
import static io.tugboat.controllers.endpoints.Fixtures.pod;
import static io.tugboat.controllers.endpoints.Fixtures.port;
import static io.tugboat.controllers.endpoints.Fixtures.service;
import static io.tugboat.controllers.endpoints.Fixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodEndpointsTest {

    @Test
    void aNumericTargetPortIsTakenAsItIsAndANamedOneIsLookedUpPerPod() {
        Service svc = service("web", port("http", 80, "web"), port("admin", 81, 9000));
        Pod a = pod("a", "web", "10.0.0.1", true, containerPort("web", 8080));
        Pod b = pod("b", "web", "10.0.0.2", true, containerPort("web", 8081));
        Pod c = pod("c", "web", "10.0.0.3", true);

        List<PodEndpoint> endpoints = PodEndpoints.of(svc, List.of(c, b, a));

        assertThat(endpoints).extracting(e -> e.pod().name()).containsExactly("a", "b", "c");
        assertThat(endpoints.get(0).ports()).containsExactly(new PortSpec("http", "TCP", 8080, null), new PortSpec("admin", "TCP", 9000, null));
        assertThat(endpoints.get(1).ports()).containsExactly(new PortSpec("http", "TCP", 8081, null), new PortSpec("admin", "TCP", 9000, null));
        assertThat(endpoints.get(2).ports()).as("no port named web: left out of that port only").containsExactly(new PortSpec("admin", "TCP", 9000, null));
    }

    @Test
    void aNamedPortMustHaveTheServicePortsProtocol() {
        Service svc = service("dns", new io.fabric8.kubernetes.api.model.ServicePortBuilder().withName("dns").withPort(53)
                .withNewTargetPort("dns").withProtocol("UDP").build());
        Pod tcpOnly = pod("a", "dns", "10.0.0.1", true, containerPort("dns", 5353));
        assertThat(PodEndpoints.of(svc, List.of(tcpOnly)).get(0).ports()).isEmpty();
    }

    @Test
    void podsWithoutAnAddressOrThatFinishedAreNotEndpointsButTerminatingOnesAre() {
        Service svc = service("web", port("", 80, 80));
        Pod pending = new PodBuilder(pod("pending", "web", "10.0.0.9", false)).editStatus().withPodIP(null).withPodIPs(List.of()).endStatus().build();
        List<PodEndpoint> endpoints = PodEndpoints.of(svc, List.of(pending, phase(pod("done", "web", "10.0.0.2", false), "Succeeded"),
                phase(pod("failed", "web", "10.0.0.3", false), "Failed"), terminating(pod("leaving", "web", "10.0.0.4", true)),
                pod("v6", "web", "fd00::1", true)));
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.pod()).isEqualTo(new PodRef("ns", "leaving", "uid-leaving"));
            assertThat(e.terminating()).isTrue();
            assertThat(e.podReady()).isTrue();
            assertThat(e.nodeName()).isEqualTo("node-1");
        });
    }

    @Test
    void aPodGetsAHostnameOnlyUnderTheServiceItsSubdomainNames() {
        Service svc = service("db", port("", 5432, 5432));
        Pod named = new PodBuilder(pod("db-0", "db", "10.0.0.1", true)).editSpec().withHostname("db-0").withSubdomain("db").endSpec().build();
        Pod elsewhere = new PodBuilder(pod("db-1", "db", "10.0.0.2", true)).editSpec().withHostname("db-1").withSubdomain("other").endSpec().build();
        assertThat(PodEndpoints.of(svc, List.of(named, elsewhere))).extracting(PodEndpoint::hostname).containsExactly("db-0", null);
    }

    @Test
    void servicesWithoutASelectorOrOfTypeExternalNameSelectNothing() {
        Service noSelector = new ServiceBuilder(service("web")).editSpec().withSelector(java.util.Map.of()).endSpec().build();
        Service external = new ServiceBuilder(service("web")).editSpec().withType("ExternalName").withExternalName("example.com").endSpec().build();
        Pod pod = pod("a", "web", "10.0.0.1", true);
        assertThat(ServiceSelection.selects(service("web"), pod)).isTrue();
        assertThat(ServiceSelection.selects(noSelector, pod)).isFalse();
        assertThat(ServiceSelection.selects(external, pod)).isFalse();
        assertThat(ServiceSelection.selects(service("api"), pod)).isFalse();
    }
}
