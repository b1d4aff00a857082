package io.tugboat.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyRulesTest {

    static Service service(String name, String clusterIp, String type) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withInternalTrafficPolicy("Cluster")
                .addNewPort().withName("http").withPort(80).withProtocol("TCP").withNodePort(type.equals("NodePort") ? 30080 : null).endPort()
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                .endSpec().build();
    }

    static EndpointSlice slice(String service, String name, Object... endpoints) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .addToLabels(ProxyRules.SERVICE_NAME_LABEL, service).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort();
        for (int i = 0; i < endpoints.length; i += 4) {
            b.addNewEndpoint().withAddresses((String) endpoints[i]).withNodeName((String) endpoints[i + 1])
                    .withNewConditions().withReady((Boolean) endpoints[i + 2]).withServing((Boolean) endpoints[i + 3])
                    .withTerminating(!(Boolean) endpoints[i + 2] && (Boolean) endpoints[i + 3]).endConditions().endEndpoint();
        }
        return b.build();
    }

    @Test
    void readyEndpointsOfTheMatchingPortTakeTraffic() {
        List<ProxiedPort> ports = ProxyRules.build(List.of(service("web", "10.43.0.5", "NodePort")),
                List.of(slice("web", "web-a", "10.42.0.2", "n1", true, true, "10.42.0.3", "n2", false, false),
                        slice("web", "web-b", "10.42.0.4", "n1", true, true)), "n1");
        assertThat(ports).hasSize(2);
        ProxiedPort http = ports.stream().filter(p -> p.protocol().equals("tcp")).findFirst().orElseThrow();
        assertThat(http.internal()).containsExactly(new ProxyEndpoint("10.42.0.2", 8080), new ProxyEndpoint("10.42.0.4", 8080));
        assertThat(http.nodePort()).isEqualTo(30080);
        ProxiedPort dns = ports.stream().filter(p -> p.protocol().equals("udp")).findFirst().orElseThrow();
        assertThat(dns.internal()).as("the slices carry no dns port").isEmpty();
    }

    @Test
    void terminatingServingEndpointsStandInOnlyWhenNoneIsReady() {
        List<ProxiedPort> ports = ProxyRules.build(List.of(service("web", "10.43.0.5", "ClusterIP")),
                List.of(slice("web", "web-a", "10.42.0.2", "n1", false, true, "10.42.0.3", "n1", false, false)), "n1");
        assertThat(ports.stream().filter(p -> p.protocol().equals("tcp")).findFirst().orElseThrow().internal()).containsExactly(new ProxyEndpoint("10.42.0.2", 8080));
    }

    @Test
    void localTrafficPolicyKeepsTrafficOnThisNode() {
        Service dns = service("kube-dns", "10.43.0.10", "ClusterIP");
        dns.getSpec().setInternalTrafficPolicy("Local");
        List<ProxiedPort> ports = ProxyRules.build(List.of(dns),
                List.of(slice("kube-dns", "a", "10.42.0.1", "n1", true, true, "10.42.1.1", "n2", true, true)), "n2");
        ProxiedPort http = ports.stream().filter(p -> p.protocol().equals("tcp")).findFirst().orElseThrow();
        assertThat(http.internal()).containsExactly(new ProxyEndpoint("10.42.1.1", 8080));
    }

    @Test
    void headlessAndExternalNameServicesAreNotForwarded() {
        Service headless = service("db", "None", "ClusterIP");
        Service external = service("ext", null, "ExternalName");
        assertThat(ProxyRules.build(List.of(headless, external), List.of(), "n1")).isEmpty();
    }

    @Test
    void clientIpAffinityAndLoadBalancerIngress() {
        Service lb = service("lb", "10.43.0.7", "LoadBalancer");
        lb.getSpec().setSessionAffinity("ClientIP");
        lb.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer().addNewIngress()
                .withIp("192.168.1.10").endIngress().endLoadBalancer().build());
        ProxiedPort http = ProxyRules.build(List.of(lb), List.of(slice("lb", "a", "10.42.0.2", "n1", true, true)), "n1").get(0);
        assertThat(http.affinitySeconds()).isEqualTo(10800);
        assertThat(http.externalIps()).containsExactly("192.168.1.10");
    }
}
