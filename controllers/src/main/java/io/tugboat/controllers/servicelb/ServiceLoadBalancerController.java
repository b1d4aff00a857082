package io.tugboat.controllers.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.SharedInformers;
import io.tugboat.controllers.support.StatusWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status side of k3s's service load balancer: a Service of type LoadBalancer (with no loadBalancerClass, which
 * would name another implementation) has status.loadBalancer.ingress = the addresses of the nodes that can take
 * its traffic ({@link LoadBalancerAddresses}), kept current as nodes come, go, turn ready or get cordoned; a
 * service that stops being a LoadBalancer has its ingress cleared. Written through the status subresource.
 * Traffic to those addresses is the proxy's business, not this controller's.
 */
public final class ServiceLoadBalancerController extends LoopController<ObjectKey> {

    private final StatusWriter<Service, ServiceStatus> statusWriter;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Node> nodes;

    public ServiceLoadBalancerController(KubernetesClient client, SharedInformers informers) {
        super("servicelb", 2);
        this.statusWriter = new StatusWriter<>(client, Service.class, Service::getStatus,
                (service, status) -> new ServiceBuilder(service).withStatus(status).build(),
                (current, next) -> Objects.equals(ingress(current), ingress(next)));
        this.services = informers.forKind(Service.class);
        this.nodes = informers.forKind(Node.class);
        services.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueLoadBalancers();
            }

            @Override
            public void onUpdate(Node before, Node after) {
                // most node updates are heartbeats; only a change of what the node lends matters
                if (!LoadBalancerAddresses.addressOf(before).equals(LoadBalancerAddresses.addressOf(after))) {
                    enqueueLoadBalancers();
                }
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                enqueueLoadBalancers();
            }
        });
    }

    private void enqueueLoadBalancers() {
        for (Service s : services.getIndexer().list()) {
            if (isOurs(s)) {
                loop().enqueue(ObjectKey.of(s));
            }
        }
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        Service service = services.getIndexer().getByKey(key.cacheKey());
        if (service == null || service.getSpec() == null || service.getSpec().getLoadBalancerClass() != null) {
            return Optional.empty();
        }
        List<LoadBalancerIngress> desired = isOurs(service) ? LoadBalancerAddresses.ingress(nodes.getIndexer().list()) : List.of();
        ServiceStatus status = service.getStatus() == null ? new ServiceStatus() : new ServiceStatus(service.getStatus().getConditions(), null);
        status.setLoadBalancer(new LoadBalancerStatus(desired));
        statusWriter.write(service, status);
        return Optional.empty();
    }

    private static boolean isOurs(Service s) {
        return s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType()) && s.getSpec().getLoadBalancerClass() == null;
    }

    private static List<LoadBalancerIngress> ingress(ServiceStatus status) {
        if (status == null || status.getLoadBalancer() == null || status.getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return status.getLoadBalancer().getIngress();
    }
}
