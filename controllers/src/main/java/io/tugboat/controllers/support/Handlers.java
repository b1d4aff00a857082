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
                enqueue.accept(ObjectKey.of(obj));
            }
        };
    }
}
