package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Informer handlers that do nothing but enqueue (client-go's rule: handlers never do work). */
public final class Handlers {

    private Handlers() {
    }

    /** Every add, update and delete enqueues the object's own key. */
    public static <T extends HasMetadata> ResourceEventHandler<T> enqueueSelf(Consumer<ObjectKey> enqueue) {
        return enqueueSelf(enqueue, key -> {
        });
    }

    /**
     * Every add, update and delete enqueues the object's own key; a delete first hands it to {@code forget}, for what
     * the controller keeps about the object outside the cache (its expectations).
     */
    public static <T extends HasMetadata> ResourceEventHandler<T> enqueueSelf(Consumer<ObjectKey> enqueue, Consumer<ObjectKey> forget) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                enqueue.accept(ObjectKey.of(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                enqueue.accept(ObjectKey.of(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                forget.accept(ObjectKey.of(obj));
                enqueue.accept(ObjectKey.of(obj));
            }
        };
    }
}
