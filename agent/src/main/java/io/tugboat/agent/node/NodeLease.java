package io.tugboat.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The node's heartbeat: a Lease in kube-node-lease named after the node, renewed every 10 s with a
 * 40 s duration, owned by the Node so that it goes with it.
 */
public final class NodeLease {

    public static final String NAMESPACE = "kube-node-lease";
    public static final int DURATION_SECONDS = 40;

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;

    public NodeLease(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    public void renew(Node owner) {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        Lease current = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
        if (current == null) {
            Lease lease = new LeaseBuilder()
                    .withNewMetadata().withName(nodeName).withNamespace(NAMESPACE)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                            .withName(nodeName).withUid(owner.getMetadata().getUid()).build())
                    .endMetadata()
                    .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(DURATION_SECONDS)
                    .withRenewTime(now).endSpec()
                    .build();
            try {
                client.leases().inNamespace(NAMESPACE).resource(lease).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                current = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
            }
        }
        current.getSpec().setRenewTime(now);
        current.getSpec().setHolderIdentity(nodeName);
        current.getSpec().setLeaseDurationSeconds(DURATION_SECONDS);
        client.leases().inNamespace(NAMESPACE).resource(current).update();
    }
}
