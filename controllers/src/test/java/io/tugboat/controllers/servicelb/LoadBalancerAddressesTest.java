package io.tugboat.controllers.servicelb;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancerAddressesTest {

    private static Node node(String name, boolean ready, NodeAddress... addresses) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withAddresses(addresses).endStatus().build();
    }

    private static NodeAddress internal(String ip) {
        return new NodeAddress(ip, "InternalIP");
    }

    @Test
    void readySchedulableNodesLendTheirExternalOrElseInternalAddress() {
        Node plain = node("a", true, internal("10.0.0.2"), new NodeAddress("a", "Hostname"));
        Node external = node("b", true, internal("10.0.0.3"), new NodeAddress("203.0.113.7", "ExternalIP"));
        Node notReady = node("c", false, internal("10.0.0.4"));
        Node cordoned = new NodeBuilder(node("d", true, internal("10.0.0.5"))).editSpec().withUnschedulable(true).endSpec().build();
        Node excluded = new NodeBuilder(node("e", true, internal("10.0.0.6"))).editMetadata()
                .addToLabels(LoadBalancerAddresses.EXCLUDE_LABEL, "").endMetadata().build();
        Node twin = node("f", true, internal("10.0.0.2"));

        List<LoadBalancerIngress> ingress = LoadBalancerAddresses.ingress(List.of(notReady, external, plain, cordoned, excluded, twin));

        assertThat(ingress).extracting(LoadBalancerIngress::getIp).containsExactly("10.0.0.2", "203.0.113.7");
        assertThat(ingress.get(0).getHostname()).isNull();
    }

    @Test
    void noEligibleNodeMeansNoIngress() {
        assertThat(LoadBalancerAddresses.ingress(List.of(node("a", false, internal("10.0.0.2"))))).isEmpty();
        assertThat(LoadBalancerAddresses.ingress(List.of(node("b", true)))).isEmpty();
    }
}
