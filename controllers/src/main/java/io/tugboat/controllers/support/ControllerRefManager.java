package io.tugboat.controllers.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube's ControllerRefManager: of the candidates in an owner's namespace, keeps those it controls and that
 * its selector matches, adopts matching orphans and releases controlled objects that stopped matching.
 * Every patch pins the resourceVersion it was computed from, so a concurrent adoption by another owner
 * is a conflict rather than a second controller reference.
 */
public final class ControllerRefManager<T extends HasMetadata> {

    private static final Logger log = LoggerFactory.getLogger(ControllerRefManager.class);

    private final KubernetesClient client;
    private final Class<T> kind;
    private final KubernetesSerialization json;

    public ControllerRefManager(KubernetesClient client, Class<T> kind) {
        this.client = client;
        this.kind = kind;
        this.json = client.getKubernetesSerialization();
    }

    /**
     * The candidates the owner controls after claiming.
     *
     * @param canAdopt asked once, before the first adoption: whether the owner (read fresh from the API) still
     *                 exists with the same uid and is not being deleted, as kube's RecheckDeletionTimestamp
     * @throws KubernetesClientException (409) after trying every candidate, if one changed while being adopted or
     *                 released: the caller's sync fails and is retried with back-off, as kube's does, instead of
     *                 waiting for an event that may never come for that object
     */
    public List<T> claim(HasMetadata owner, LabelSelector selector, List<T> candidates, Supplier<Boolean> canAdopt) {
        String ownerUid = owner.getMetadata().getUid();
        // parsed once: a namespace may hold thousands of candidates
        io.tugboat.api.labels.LabelSelector parsed = Selectors.isEmpty(selector) ? null : io.tugboat.api.labels.LabelSelector.of(selector);
        List<T> claimed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Boolean adoptable = null;
        for (T candidate : candidates) {
            var ref = Owners.controllerOf(candidate);
            Map<String, String> labels = candidate.getMetadata().getLabels();
            boolean matches = parsed != null && parsed.matches(labels == null ? Map.of() : labels);
            if (ref.isPresent()) {
                if (!ref.get().getUid().equals(ownerUid)) {
                    continue;
                }
                if (matches) {
                    claimed.add(candidate);
                } else if (!Owners.isDeleting(owner) && !release(candidate, ownerUid)) {
                    changed.add(candidate.getMetadata().getName());
                }
                continue;
            }
            if (!matches || Owners.isDeleting(owner) || Owners.isDeleting(candidate)) {
                continue;
            }
            if (adoptable == null) {
                adoptable = canAdopt.get();
            }
            if (!adoptable) {
                continue;
            }
            switch (adopt(candidate, Owners.controllerRef(owner))) {
                case DONE -> claimed.add(candidate);
                case CHANGED -> changed.add(candidate.getMetadata().getName());
                case GONE -> {
                }
            }
        }
        if (!changed.isEmpty()) {
            throw new KubernetesClientException(kind.getSimpleName() + "s " + changed + " changed while "
                    + owner.getMetadata().getName() + " claimed them; retrying", 409, null);
        }
        return claimed;
    }

    private enum Outcome { DONE, CHANGED, GONE }

    private Outcome adopt(T object, OwnerReference ref) {
        List<OwnerReference> refs = new ArrayList<>(refsOf(object));
        refs.add(ref);
        try {
            patchRefs(object, refs);
            log.info("{} {}/{} adopted by {} {}", kind.getSimpleName(), object.getMetadata().getNamespace(),
                    object.getMetadata().getName(), ref.getKind(), ref.getName());
            return Outcome.DONE;
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case 404 -> Outcome.GONE;
                case 409 -> Outcome.CHANGED;
                default -> throw e;
            };
        }
    }

    /** False if the object changed under us (409); gone is as good as released. */
    private boolean release(T object, String ownerUid) {
        List<OwnerReference> refs = refsOf(object).stream().filter(r -> !r.getUid().equals(ownerUid)).toList();
        try {
            patchRefs(object, refs);
            log.info("{} {}/{} released: it no longer matches its owner's selector", kind.getSimpleName(),
                    object.getMetadata().getNamespace(), object.getMetadata().getName());
            return true;
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case 404 -> true;
                case 409 -> false;
                default -> throw e;
            };
        }
    }

    private static List<OwnerReference> refsOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    private void patchRefs(T object, List<OwnerReference> refs) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", object.getMetadata().getResourceVersion());
        meta.put("ownerReferences", refs);
        String patch = json.asJson(Map.of("metadata", meta));
        client.resources(kind).inNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }
}
