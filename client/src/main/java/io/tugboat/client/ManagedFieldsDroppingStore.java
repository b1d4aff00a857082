package io.tugboat.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer cache that keeps objects without {@code metadata.managedFields}, as kube-controller-manager's
 * informers do: no controller reads them, and they were the larger part of what a cache held per object (nine
 * maps and a dozen strings per ConfigMap), all of it copied by every young collection until it aged out.
 * Writing an object read from such a cache is safe: an update without managedFields keeps the live ones.
 *
 * <p>The object is changed in place before the informer's handlers see it, so they see it without them too.
 */
public final class ManagedFieldsDroppingStore<T extends HasMetadata> implements ItemStore<T> {

    private final BasicItemStore<T> items = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    /** Sets this store on an informer that has not started yet, and returns the informer. */
    public static <T extends HasMetadata> SharedIndexInformer<T> on(SharedIndexInformer<T> informer) {
        return informer.itemStore(new ManagedFieldsDroppingStore<>());
    }

    @Override
    public String getKey(T object) {
        return items.getKey(object);
    }

    @Override
    public T put(String key, T object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
        }
        return items.put(key, object);
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet();
    }

    @Override
    public Stream<T> values() {
        return items.values();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }
}
