package io.tugboat.controllers.gc;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds the garbage collector watches, found by discovery (core v1 and each group's preferred version),
 * so that every kind the API server serves, Tugboat's own included, is covered without code per kind.
 * Owners are looked up by group and kind, so an owner reference written with another version still resolves.
 */
final class ResourceCatalog {

    private final List<ApiResource> resources;
    private final Map<String, ApiResource> byGroupKind = new ConcurrentHashMap<>();

    private ResourceCatalog(List<ApiResource> resources) {
        this.resources = List.copyOf(resources);
        for (ApiResource r : resources) {
            byGroupKind.putIfAbsent(r.group() + "|" + r.kind(), r);
        }
    }

    static ResourceCatalog discover(KubernetesClient client) {
        List<ApiResource> found = new ArrayList<>();
        add(found, "", "v1", client.getApiResources("v1"));
        for (APIGroup group : client.getApiGroups().getGroups()) {
            String gv = group.getPreferredVersion() != null ? group.getPreferredVersion().getGroupVersion()
                    : group.getVersions().get(0).getGroupVersion();
            add(found, group.getName(), gv.substring(gv.indexOf('/') + 1), client.getApiResources(gv));
        }
        return new ResourceCatalog(found);
    }

    private static void add(List<ApiResource> into, String group, String version, APIResourceList list) {
        if (list == null || list.getResources() == null) {
            return;
        }
        for (APIResource r : list.getResources()) {
            List<String> verbs = r.getVerbs() == null ? List.of() : r.getVerbs();
            if (r.getName().contains("/") || !verbs.containsAll(List.of("list", "watch", "delete"))) {
                continue; // subresources, and kinds the collector could neither see nor delete
            }
            into.add(new ApiResource(group, version, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
        }
    }

    List<ApiResource> all() {
        return resources;
    }

    Optional<ApiResource> forOwner(String apiVersion, String kind) {
        return Optional.ofNullable(byGroupKind.get(ApiResource.groupOf(apiVersion) + "|" + kind));
    }
}
