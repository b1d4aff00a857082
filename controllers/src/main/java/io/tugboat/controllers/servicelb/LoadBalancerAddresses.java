package io.tugboat.controllers.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The addresses a LoadBalancer service is reached at, as k3s's service load balancer reports them: one per node
 * that is Ready and schedulable, its ExternalIP if it has one and else its InternalIP. Nodes labelled
 * {@code node.kubernetes.io/exclude-from-external-load-balancers} are left out, as kube's service controller does.
 */
public final class LoadBalancerAddresses {

    static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

    private LoadBalancerAddresses() {
    }

    /** The ingress list for these nodes: distinct addresses in sorted order, each {@code {ip: ...}}. */
    public static List<LoadBalancerIngress> ingress(Collection<Node> nodes) {
        return nodes.stream().map(LoadBalancerAddresses::addressOf).flatMap(Optional::stream).distinct().sorted()
                .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList();
    }

    /** The address this node lends to load balancers, or empty when it lends none. */
    public static Optional<String> addressOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels != null && labels.containsKey(EXCLUDE_LABEL)) {
            return Optional.empty();
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Optional.empty();
        }
        if (node.getStatus() == null || node.getStatus().getConditions() == null
                || node.getStatus().getConditions().stream().noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
            return Optional.empty();
        }
        List<NodeAddress> addresses = node.getStatus().getAddresses() == null ? List.of() : node.getStatus().getAddresses();
        return first(addresses, "ExternalIP").or(() -> first(addresses, "InternalIP"));
    }

    private static Optional<String> first(List<NodeAddress> addresses, String type) {
        return addresses.stream().filter(a -> type.equals(a.getType())).map(NodeAddress::getAddress)
                .filter(Objects::nonNull).filter(a -> !a.isEmpty()).findFirst();
    }
}
