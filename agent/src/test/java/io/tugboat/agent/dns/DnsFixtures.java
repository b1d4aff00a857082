package io.tugboat.agent.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Services and EndpointSlices as the API server and the EndpointSlice controller write them. */
final class DnsFixtures {

    private DnsFixtures() {
    }

    static ServicePort port(String name, int port, String protocol) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
    }

    static Service clusterIp(String namespace, String name, String ip, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withPorts(ports).endSpec()
                .build();
    }

    static Service headless(String namespace, String name, boolean publishNotReady, ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
                .withPublishNotReadyAddresses(publishNotReady).withPorts(ports).endSpec()
                .build();
    }

    static Service externalName(String namespace, String name, String target) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(target).endSpec()
                .build();
    }

    static Endpoint endpoint(String ip, String hostname, boolean ready) {
        return new EndpointBuilder().withAddresses(ip).withHostname(hostname)
                .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                .build();
    }

    static EndpointPort slicePort(String name, int port, String protocol) {
        return new EndpointPortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
    }

    static EndpointSlice slice(String namespace, String service, String suffix, List<Endpoint> endpoints,
                               EndpointPort... ports) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(service + "-" + suffix)
                .withLabels(Map.of(ServiceCatalog.SERVICE_NAME_LABEL, service)).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints).withPorts(ports)
                .build();
    }
}
