package io.tugboat.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import java.util.List;

/**
 * The discovery documents clients read to learn what the server serves: the aggregated form
 * (apidiscovery.k8s.io/v2, one request for everything) and the legacy per-group-version lists.
 * Built once: the set of served kinds does not change while the server runs.
 */
public final class Discovery {

    public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    public static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    private final ResourceTypes types;
    private final byte[] aggregatedCoreV2;
    private final byte[] aggregatedGroupsV2;
    private final byte[] aggregatedCoreV2beta1;
    private final byte[] aggregatedGroupsV2beta1;

    public Discovery(ResourceTypes types) {
        this.types = types;
        this.aggregatedCoreV2 = Json.bytes(build(true, "v2"));
        this.aggregatedGroupsV2 = Json.bytes(build(false, "v2"));
        this.aggregatedCoreV2beta1 = Json.bytes(build(true, "v2beta1"));
        this.aggregatedGroupsV2beta1 = Json.bytes(build(false, "v2beta1"));
    }

    public byte[] aggregated(boolean core, String version) {
        if (version.equals("v2beta1")) {
            return core ? aggregatedCoreV2beta1 : aggregatedGroupsV2beta1;
        }
        return core ? aggregatedCoreV2 : aggregatedGroupsV2;
    }

    private ObjectNode build(boolean core, String version) {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/" + version);
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (String group : groups(core)) {
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group);
            ArrayNode versions = item.putArray("versions");
            for (GroupVersion gv : types.groupVersions()) {
                if (!gv.group().equals(group)) {
                    continue;
                }
                ObjectNode v = versions.addObject();
                v.put("version", gv.version());
                ArrayNode resources = v.putArray("resources");
                for (ResourceType t : types.inGroupVersion(gv)) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", t.plural());
                    kind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    strings(r.putArray("verbs"), VERBS);
                    if (!t.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        strings(r.putArray("categories"), t.categories());
                    }
                    ArrayNode subs = r.putArray("subresources");
                    if (t.hasStatus()) {
                        ObjectNode s = subs.addObject();
                        s.put("subresource", "status");
                        kind(s.putObject("responseKind"), t.group(), t.version(), t.kind());
                        strings(s.putArray("verbs"), SUBRESOURCE_VERBS);
                    }
                    if (t.hasScale()) {
                        ObjectNode s = subs.addObject();
                        s.put("subresource", "scale");
                        kind(s.putObject("responseKind"), "autoscaling", "v1", "Scale");
                        strings(s.putArray("verbs"), SUBRESOURCE_VERBS);
                    }
                    if (isCorePods(t)) {
                        // kubectl drain looks for pods/eviction to use the eviction API rather than plain deletes
                        ObjectNode s = subs.addObject();
                        s.put("subresource", "eviction");
                        kind(s.putObject("responseKind"), "policy", "v1", "Eviction");
                        strings(s.putArray("verbs"), List.of("create"));
                    }
                }
                v.put("freshness", "Current");
            }
        }
        return list;
    }

    private List<String> groups(boolean core) {
        return types.groupVersions().stream().map(GroupVersion::group)
                .filter(g -> core == g.isEmpty()).distinct().toList();
    }

    /** GET /api, legacy form. */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIVersions");
        strings(o.putArray("versions"), List.of("v1"));
        ObjectNode cidr = o.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return o;
    }

    /** GET /apis, legacy form. */
    public ObjectNode apiGroupList() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String g : groups(false)) {
            groups.add(apiGroup(g));
        }
        return o;
    }

    /** GET /apis/{group}, or null for a group not served. */
    public ObjectNode apiGroup(String group) {
        List<GroupVersion> gvs = types.groupVersions().stream().filter(gv -> gv.group().equals(group)).toList();
        if (gvs.isEmpty() || group.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIGroup");
        o.put("apiVersion", "v1");
        o.put("name", group);
        ArrayNode versions = o.putArray("versions");
        for (GroupVersion gv : gvs) {
            ObjectNode v = versions.addObject();
            v.put("groupVersion", gv.apiVersion());
            v.put("version", gv.version());
        }
        ObjectNode preferred = o.putObject("preferredVersion");
        preferred.put("groupVersion", gvs.get(0).apiVersion());
        preferred.put("version", gvs.get(0).version());
        return o;
    }

    /** GET /api/v1 or /apis/{group}/{version}, or null for a group-version not served. */
    public ObjectNode resourceList(GroupVersion gv) {
        List<ResourceType> list = types.inGroupVersion(gv);
        if (list.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", gv.apiVersion());
        ArrayNode resources = o.putArray("resources");
        for (ResourceType t : list) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            strings(r.putArray("verbs"), VERBS);
            if (!t.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                strings(r.putArray("categories"), t.categories());
            }
            if (t.hasStatus()) {
                subresource(resources, t, "status", t.group(), t.version(), t.kind());
            }
            if (t.hasScale()) {
                subresource(resources, t, "scale", "autoscaling", "v1", "Scale");
            }
            if (isCorePods(t)) {
                subresource(resources, t, "eviction", "policy", "v1", "Eviction");
                strings(((ObjectNode) resources.get(resources.size() - 1)).putArray("verbs"), List.of("create"));
            }
        }
        return o;
    }

    private static void subresource(ArrayNode resources, ResourceType t, String sub, String group, String version, String kind) {
        ObjectNode r = resources.addObject();
        r.put("name", t.plural() + "/" + sub);
        r.put("singularName", "");
        r.put("namespaced", t.namespaced());
        if (!group.equals(t.group())) {
            r.put("group", group);
            r.put("version", version);
        }
        r.put("kind", kind);
        strings(r.putArray("verbs"), SUBRESOURCE_VERBS);
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group);
        node.put("version", version);
        node.put("kind", kind);
    }

    private static boolean isCorePods(ResourceType t) {
        return t.group().isEmpty() && t.plural().equals("pods");
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
