package io.tugboat.controllers.gc;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** One kind the API serves, as discovery describes it. */
record ApiResource(String group, String version, String kind, String plural, boolean namespaced) {

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    /** The group of an apiVersion ("apps/v1" -> "apps", "v1" -> ""). */
    static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
