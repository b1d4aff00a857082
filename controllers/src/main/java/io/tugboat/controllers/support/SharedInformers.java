package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.client.ManagedFieldsDroppingStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One list+watch cache per kind, shared by every controller that reads that kind (client-go's shared
 * informer factory), kept without managedFields. Controllers add handlers and indexers before
 * {@link #startAndSync}; nothing runs before.
 */
public final class SharedInformers implements AutoCloseable {

    /** Index of objects by the uid of their controller (owner reference with controller=true). */
    public static final String BY_CONTROLLER_UID = "controllerUid";

    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean started;

    public SharedInformers(KubernetesClient client) {
        this.client = client;
    }

    /** The informer for a kind, created (not started) on first use, with the controller-uid index. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> forKind(Class<T> kind) {
        if (started && !informers.containsKey(kind)) {
            throw new IllegalStateException("informers already started; " + kind.getSimpleName() + " was not registered");
        }
        return (SharedIndexInformer<T>) informers.computeIfAbsent(kind, k -> {
            SharedIndexInformer<T> informer = ManagedFieldsDroppingStore.on(client.resources(kind).inAnyNamespace().runnableInformer(0));
            Function<T, List<String>> byController = o -> Owners.controllerOf(o).map(r -> List.of(r.getUid())).orElse(List.of());
            informer.addIndexers(Map.of(BY_CONTROLLER_UID, byController));
            return informer;
        });
    }

    /** Starts every registered informer and waits until each has listed once. */
    public void startAndSync(Duration timeout) throws InterruptedException, TimeoutException {
        List<CompletableFuture<Void>> starts;
        synchronized (this) {
            started = true;
            starts = informers.values().stream().map(i -> i.start().toCompletableFuture()).toList();
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an informer could not list", e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::stop);
    }
}
