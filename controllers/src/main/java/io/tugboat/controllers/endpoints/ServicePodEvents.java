package io.tugboat.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Pods;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Pod events turned into the keys of the services that select the pod, before and after the change (kube's
 * GetServicesToUpdateOnPodChange). Updates that cannot change an endpoint (most status writes) enqueue nothing.
 */
public final class ServicePodEvents implements ResourceEventHandler<Pod> {

    private final SharedIndexInformer<Service> services;
    private final Consumer<ObjectKey> enqueue;

    public ServicePodEvents(SharedIndexInformer<Service> services, Consumer<ObjectKey> enqueue) {
        this.services = services;
        this.enqueue = enqueue;
    }

    @Override
    public void onAdd(Pod pod) {
        enqueueSelecting(pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
        if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
            return;
        }
        boolean membershipMayChange = !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                || !Objects.equals(before.getSpec().getHostname(), after.getSpec().getHostname())
                || !Objects.equals(before.getSpec().getSubdomain(), after.getSpec().getSubdomain());
        if (membershipMayChange) {
            enqueueSelecting(before);
            enqueueSelecting(after);
        } else if (endpointChanged(before, after)) {
            enqueueSelecting(after);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        enqueueSelecting(pod);
    }

    private void enqueueSelecting(Pod pod) {
        for (Service s : services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (ServiceSelection.selects(s, pod)) {
                enqueue.accept(ObjectKey.of(s));
            }
        }
    }

    /** What an endpoint is made of: deletion, readiness, phase, addresses, node (ports and names are immutable). */
    static boolean endpointChanged(Pod before, Pod after) {
        return !Objects.equals(before.getMetadata().getDeletionTimestamp(), after.getMetadata().getDeletionTimestamp())
                || Pods.isReady(before) != Pods.isReady(after)
                || !Pods.phase(before).equals(Pods.phase(after))
                || !addresses(before).equals(addresses(after))
                || !Objects.equals(before.getSpec().getNodeName(), after.getSpec().getNodeName());
    }

    private static List<String> addresses(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<String> ips = pod.getStatus().getPodIPs() == null ? List.of() : pod.getStatus().getPodIPs().stream().map(PodIP::getIp).toList();
        return ips.isEmpty() && pod.getStatus().getPodIP() != null ? List.of(pod.getStatus().getPodIP()) : ips;
    }
}
