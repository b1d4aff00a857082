package io.tugboat.agent.services;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.agent.dns.ServiceCatalog;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The node's cached view of every Service and EndpointSlice, watched once and shared by the proxy, cluster
 * DNS and the service environment variables of new containers.
 */
public final class ClusterServices implements ServiceCatalog, AutoCloseable {

    private static final String BY_SERVICE = "service";

    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ClusterServices(KubernetesClient client) {
        this.services = client.services().inAnyNamespace().runnableInformer(0);
        this.slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
        slices.addIndexers(Map.of(BY_SERVICE, slice -> {
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            return service == null ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
        }));
        services.addEventHandler(notifying());
        slices.addEventHandler(notifying());
    }

    public void start() throws Exception {
        services.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
        slices.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** {@code listener} runs after every change, on the informer's thread: it must only schedule work. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public List<Service> services() {
        return services.getStore().list();
    }

    public List<Service> servicesIn(String namespace) {
        return services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return slicesOf(namespace, serviceName);
    }

    @Override
    public boolean hasServices(String namespace) {
        return !servicesIn(namespace).isEmpty();
    }

    @Override
    public List<Service> servicesWithClusterIP(InetAddress address) {
        String ip = address.getHostAddress();
        return services().stream().filter(s -> s.getSpec() != null && s.getSpec().getClusterIPs() != null
                && s.getSpec().getClusterIPs().contains(ip)).toList();
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(InetAddress address) {
        String ip = address.getHostAddress();
        return slices().stream().filter(slice -> slice.getEndpoints() != null && slice.getEndpoints().stream()
                .anyMatch(e -> e.getAddresses() != null && e.getAddresses().contains(ip))).toList();
    }

    public List<EndpointSlice> slices() {
        return slices.getStore().list();
    }

    public List<EndpointSlice> slicesOf(String namespace, String service) {
        return slices.getIndexer().byIndex(BY_SERVICE, namespace + "/" + service);
    }

    private <T> ResourceEventHandler<T> notifying() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                listeners.forEach(Runnable::run);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                listeners.forEach(Runnable::run);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                listeners.forEach(Runnable::run);
            }
        };
    }

    @Override
    public void close() {
        services.stop();
        slices.stop();
    }
}
