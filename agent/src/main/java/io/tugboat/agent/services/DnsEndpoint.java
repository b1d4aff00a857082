package io.tugboat.agent.services;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.tugboat.agent.dns.ServiceCatalog;

/**
 * This node's endpoint of {@code kube-system/kube-dns}: the agent's own DNS server. Owned by the Node, so
 * that it goes with it; the Service's internalTrafficPolicy Local sends each pod to its own node's server.
 */
final class DnsEndpoint {

    static final String NAMESPACE = "kube-system";
    static final String SERVICE = "kube-dns";
    static final String MANAGED_BY = "tugboat-agent";

    private final KubernetesClient client;

    DnsEndpoint(KubernetesClient client) {
        this.client = client;
    }

    static String sliceName(String nodeName) {
        return SERVICE + "-" + nodeName;
    }

    void publish(Node node, String address) {
        String nodeName = node.getMetadata().getName();
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata().withName(sliceName(nodeName)).withNamespace(NAMESPACE)
                .addToLabels(ServiceCatalog.SERVICE_NAME_LABEL, SERVICE)
                .addToLabels("endpointslice.kubernetes.io/managed-by", MANAGED_BY)
                .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(nodeName)
                .withUid(node.getMetadata().getUid()).endOwnerReference()
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(address).withNodeName(nodeName)
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .endEndpoint()
                .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort()
                .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").endPort()
                .build();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).resource(slice).createOr(NonDeletingOperation::update);
    }

    void withdraw(String nodeName) {
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(sliceName(nodeName)).delete();
    }
}
