package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The owners of one kind as an event handler finds them in their informer's cache: the one a dependent's
 * controller reference names, or, for a dependent without one, those whose selectors match it (kube's
 * resolveControllerRef and getPodReplicaSets and their like).
 */
public final class ControllerOwners<T extends HasMetadata> {

    private final Indexer<T> cache;
    private final String kind;
    private final Function<T, LabelSelector> selector;

    /**
     * @param kind     the kind a controller reference must name, e.g. "ReplicaSet"
     * @param selector the owner's selector of dependents
     */
    public ControllerOwners(Indexer<T> cache, String kind, Function<T, LabelSelector> selector) {
        this.cache = cache;
        this.kind = kind;
        this.selector = selector;
    }

    /** The owner a dependent's controller reference names, if it is cached with that uid (a namesake is not it). */
    public Optional<T> controllerOf(HasMetadata dependent) {
        return Owners.controllerOf(dependent).filter(ref -> kind.equals(ref.getKind())).map(ref -> {
            T owner = cache.getByKey(dependent.getMetadata().getNamespace() + "/" + ref.getName());
            return owner != null && owner.getMetadata().getUid().equals(ref.getUid()) ? owner : null;
        });
    }

    /** The owners in an orphan's namespace whose selectors match its labels: those that may adopt it. */
    public List<T> matching(HasMetadata orphan) {
        return cache.byIndex(Cache.NAMESPACE_INDEX, orphan.getMetadata().getNamespace()).stream()
                .filter(owner -> Selectors.matches(selector.apply(owner), orphan.getMetadata().getLabels()))
                .toList();
    }
}
