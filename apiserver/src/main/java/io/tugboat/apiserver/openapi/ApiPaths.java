package io.tugboat.apiserver.openapi;

import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The REST paths of one group-version, as Kubernetes documents them: the discovery root, the collection
 * and item paths of every resource, and its status and scale subresources.
 */
final class ApiPaths {

    /**
     * The PATCH bodies the server takes. Strategic merge patch is accepted too but deliberately not
     * listed: kubectl would then compute client-side apply patches from these schemas, which carry no
     * patch strategies, instead of from its compiled-in types.
     */
    static final List<String> PATCH_TYPES = List.of(
            "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
    private static final List<String> ANY_BODY = List.of("*/*");

    private final SchemaCatalog catalog;

    ApiPaths(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    List<PathItem> of(GroupVersion gv, List<ResourceType> types) {
        Names names = Names.of(gv);
        List<PathItem> paths = new ArrayList<>();
        paths.add(new PathItem(gv.pathPrefix() + "/", List.of(), List.of(new Operation("get",
                "get" + names.operationPrefix() + "APIResources", "get available resources", names.tag(), "",
                Optional.empty(), List.of(), Optional.empty(), Map.of("200", DefinitionNames.API_RESOURCE_LIST)))));
        for (ResourceType type : types) {
            paths.addAll(resourcePaths(type, names));
        }
        paths.sort(Comparator.comparing(PathItem::path));
        return paths;
    }

    private List<PathItem> resourcePaths(ResourceType type, Names names) {
        GroupVersionKind kind = GroupVersionKind.of(type);
        String object = catalog.nameOf(kind).orElseThrow();
        String list = catalog.nameOf(GroupVersionKind.listOf(type)).orElseThrow();
        String scope = type.namespaced() ? "Namespaced" : "";
        String collection = type.namespaced()
                ? type.groupVersion().pathPrefix() + "/namespaces/{namespace}/" + type.plural()
                : type.groupVersion().pathPrefix() + "/" + type.plural();
        String item = collection + "/{name}";
        String id = names.operationPrefix() + scope + type.kind();
        String k = type.kind();

        List<Parameter> collectionParams = new ArrayList<>();
        if (type.namespaced()) {
            collectionParams.add(Parameter.path("namespace",
                    "object name and auth scope, such as for teams and projects"));
        }
        collectionParams.add(QueryParameters.PRETTY);
        List<Parameter> itemParams = new ArrayList<>();
        itemParams.add(Parameter.path("name", "name of the " + k));
        itemParams.addAll(collectionParams);

        List<PathItem> paths = new ArrayList<>();
        paths.add(new PathItem(collection, collectionParams, List.of(
                op("get", "list" + id, "list or watch objects of kind " + k, names, "list", kind,
                        QueryParameters.LIST, null, Map.of("200", list)),
                op("post", "create" + id, "create a " + k, names, "post", kind, QueryParameters.CREATE,
                        new Operation.RequestBody(object, ANY_BODY),
                        Map.of("200", object, "201", object, "202", object)),
                op("delete", "delete" + names.operationPrefix() + "Collection" + scope + k,
                        "delete collection of " + k, names, "deletecollection", kind, QueryParameters.DELETE_COLLECTION,
                        new Operation.RequestBody(DefinitionNames.DELETE_OPTIONS, ANY_BODY),
                        Map.of("200", DefinitionNames.STATUS)))));
        paths.add(new PathItem(item, itemParams, List.of(
                op("get", "read" + id, "read the specified " + k, names, "get", kind, List.of(), null,
                        Map.of("200", object)),
                op("put", "replace" + id, "replace the specified " + k, names, "put", kind, QueryParameters.REPLACE,
                        new Operation.RequestBody(object, ANY_BODY), Map.of("200", object, "201", object)),
                patch("patch" + id, "partially update the specified " + k, names, kind, object),
                op("delete", "delete" + id, "delete a " + k, names, "delete", kind, QueryParameters.DELETE,
                        new Operation.RequestBody(DefinitionNames.DELETE_OPTIONS, ANY_BODY),
                        Map.of("200", DefinitionNames.STATUS, "202", DefinitionNames.STATUS)))));
        if (type.namespaced()) {
            String allNamespaces = type.groupVersion().pathPrefix() + "/" + type.plural();
            paths.add(new PathItem(allNamespaces, List.of(QueryParameters.PRETTY), List.of(
                    op("get", "list" + names.operationPrefix() + k + "ForAllNamespaces",
                            "list or watch objects of kind " + k, names, "list", kind, QueryParameters.LIST, null,
                            Map.of("200", list)))));
        }
        if (type.hasStatus()) {
            paths.add(subresource(item + "/status", itemParams, id + "Status", "status", k, names, kind, object));
        }
        if (type.hasScale()) {
            paths.add(subresource(item + "/scale", itemParams, id + "Scale", "scale", k, names,
                    BuiltinDefinitions.SCALE_KIND, BuiltinDefinitions.SCALE));
        }
        return paths;
    }

    private static PathItem subresource(String path, List<Parameter> itemParams, String id, String what, String k,
            Names names, GroupVersionKind kind, String body) {
        return new PathItem(path, itemParams, List.of(
                op("get", "read" + id, "read " + what + " of the specified " + k, names, "get", kind, List.of(), null,
                        Map.of("200", body)),
                op("put", "replace" + id, "replace " + what + " of the specified " + k, names, "put", kind,
                        QueryParameters.REPLACE, new Operation.RequestBody(body, ANY_BODY),
                        Map.of("200", body, "201", body)),
                patch("patch" + id, "partially update " + what + " of the specified " + k, names, kind, body)));
    }

    /** Every PATCH names its kind and lists fieldValidation: that pair is what kubectl checks for. */
    private static Operation patch(String id, String description, Names names, GroupVersionKind kind, String body) {
        return op("patch", id, description, names, "patch", kind, QueryParameters.PATCH,
                new Operation.RequestBody(DefinitionNames.PATCH, PATCH_TYPES), Map.of("200", body, "201", body));
    }

    private static Operation op(String method, String id, String description, Names names, String action,
            GroupVersionKind kind, List<Parameter> query, Operation.RequestBody body, Map<String, String> responses) {
        return new Operation(method, id, description, names.tag(), action, Optional.of(kind), query,
                Optional.ofNullable(body), responses);
    }

    /** Kubernetes' spelling of a group-version in operation ids ("AppsV1") and tags ("apps_v1"). */
    private record Names(String operationPrefix, String tag) {

        static Names of(GroupVersion gv) {
            String group = gv.isCore() ? "core" : gv.group().replaceFirst("\\.k8s\\.io$", "");
            StringBuilder camel = new StringBuilder();
            for (String part : group.split("[.-]")) {
                camel.append(capitalize(part));
            }
            String lowerCamel = Character.toLowerCase(camel.charAt(0)) + camel.substring(1);
            return new Names(camel + capitalize(gv.version()), lowerCamel + "_" + gv.version());
        }

        private static String capitalize(String s) {
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
        }
    }
}
