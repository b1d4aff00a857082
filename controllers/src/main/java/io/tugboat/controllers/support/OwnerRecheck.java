package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * kube's RecheckDeletionTimestamp, asked by {@link ControllerRefManager#claim} before the first adoption: the
 * cache may not show yet that the owner was deleted (or deleted and made again under the same name), and an
 * owner that is going must not adopt, so it is read afresh from the API.
 */
public final class OwnerRecheck<T extends HasMetadata> {

    private final KubernetesClient client;
    private final Class<T> kind;

    public OwnerRecheck(KubernetesClient client, Class<T> kind) {
        this.client = client;
        this.kind = kind;
    }

    /** Whether the owner read from the cache still exists with the same uid and is not being deleted. */
    public boolean stillOurs(T cached) {
        T fresh = client.resources(kind).inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName()).get();
        return fresh != null && fresh.getMetadata().getUid().equals(cached.getMetadata().getUid()) && !Owners.isDeleting(fresh);
    }
}
