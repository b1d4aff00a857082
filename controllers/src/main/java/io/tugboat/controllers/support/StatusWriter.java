package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Writes a workload's computed status through the status subresource, as the last step of a sync, and only
 * when it differs from the cached one. The write carries the cached resourceVersion, so a status computed
 * from a stale cache is refused (409) rather than written over a newer one.
 *
 * @param <T> the workload kind
 * @param <S> its status type
 */
public final class StatusWriter<T extends HasMetadata, S> {

    private final KubernetesClient client;
    private final Class<T> kind;
    private final Function<T, S> statusOf;
    private final BiFunction<T, S, T> withStatus;
    private final BiPredicate<S, S> same;

    /**
     * @param statusOf   the object's current status
     * @param withStatus a copy of the object with the given status
     * @param same       whether the current and the computed status say the same
     */
    public StatusWriter(KubernetesClient client, Class<T> kind, Function<T, S> statusOf, BiFunction<T, S, T> withStatus,
                        BiPredicate<S, S> same) {
        this.client = client;
        this.kind = kind;
        this.statusOf = statusOf;
        this.withStatus = withStatus;
        this.same = same;
    }

    public void write(T cached, S status) {
        if (same.test(statusOf.apply(cached), status)) {
            return;
        }
        T copy = withStatus.apply(cached, status);
        try {
            client.resources(kind).inNamespace(cached.getMetadata().getNamespace()).resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e; // 409: our cache was behind; the update event re-queues us
            }
        }
    }
}
