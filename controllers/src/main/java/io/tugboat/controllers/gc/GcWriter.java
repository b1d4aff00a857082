package io.tugboat.controllers.gc;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The collector's reads and writes, on any kind through the generic client. Patches pin the resourceVersion they were computed from. */
final class GcWriter {

    private final KubernetesClient client;

    GcWriter(KubernetesClient client) {
        this.client = client;
    }

    private Resource<GenericKubernetesResource> one(ApiResource r, String namespace, String name) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(r.context());
        return r.namespaced() ? op.inNamespace(namespace).withName(name) : op.withName(name);
    }

    /** The object as the API has it now, or null. */
    GenericKubernetesResource get(ApiResource r, String namespace, String name) {
        return one(r, namespace, name).get();
    }

    void delete(GraphNode node, DeletionPropagation policy) {
        one(node.resource(), node.namespace(), node.name()).withPropagationPolicy(policy).delete();
    }

    void setOwnerReferences(GraphNode node, GenericKubernetesResource latest, List<OwnerReference> refs) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", latest.getMetadata().getResourceVersion());
        meta.put("ownerReferences", refs);
        patch(node, meta);
    }

    /** Removes one finalizer from the live object; false if it is gone or no longer has it. */
    boolean removeFinalizer(GraphNode node, String finalizer) {
        GenericKubernetesResource latest = get(node.resource(), node.namespace(), node.name());
        if (latest == null || !latest.getMetadata().getUid().equals(node.uid())) {
            return false;
        }
        List<String> finalizers = latest.getMetadata().getFinalizers() == null ? List.of() : latest.getMetadata().getFinalizers();
        if (!finalizers.contains(finalizer)) {
            return false;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", latest.getMetadata().getResourceVersion());
        meta.put("finalizers", finalizers.stream().filter(f -> !f.equals(finalizer)).toList());
        patch(node, meta);
        return true;
    }

    private void patch(GraphNode node, Map<String, Object> metadata) {
        String json = client.getKubernetesSerialization().asJson(Map.of("metadata", metadata));
        try {
            one(node.resource(), node.namespace(), node.name()).patch(PatchContext.of(PatchType.JSON_MERGE), json);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
