package io.tugboat.apiserver.http;

import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import java.util.Arrays;
import java.util.List;

/**
 * A request path under /api or /apis resolved to a resource: the kind, the namespace (null when cluster-wide),
 * the name (null for the collection) and the subresource (null for the object itself).
 */
public record RequestPath(ResourceType type, String namespace, String name, String subresource) {

    public boolean isCollection() {
        return name == null;
    }

    /** Resolves a resource path, or throws 404 for a resource that does not exist. */
    public static RequestPath resolve(ResourceTypes types, String path) {
        List<String> seg = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        GroupVersion gv;
        int i;
        if (seg.get(0).equals("api")) {
            gv = new GroupVersion("", seg.get(1));
            i = 2;
        } else {
            gv = new GroupVersion(seg.get(1), seg.get(2));
            i = 3;
        }
        List<String> rest = seg.subList(i, seg.size());
        if (rest.isEmpty()) {
            throw notFound(path);
        }
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            String namespace = rest.get(1);
            ResourceType nested = types.byPlural(gv, rest.get(2)).filter(ResourceType::namespaced).orElse(null);
            if (nested != null) {
                return build(nested, namespace, rest.subList(3, rest.size()), path);
            }
            // /api/v1/namespaces/{name}/status or /finalize: a subresource of the namespace itself
        }
        ResourceType type = types.byPlural(gv, rest.get(0)).orElseThrow(() -> notFound(path));
        if (type.namespaced()) {
            if (rest.size() > 1) {
                throw notFound(path); // a namespaced object needs its namespace in the path
            }
            return new RequestPath(type, null, null, null);
        }
        return build(type, null, rest.subList(1, rest.size()), path);
    }

    private static RequestPath build(ResourceType type, String namespace, List<String> rest, String path) {
        return switch (rest.size()) {
            case 0 -> new RequestPath(type, namespace, null, null);
            case 1 -> new RequestPath(type, namespace, rest.get(0), null);
            case 2 -> new RequestPath(type, namespace, rest.get(0), rest.get(1));
            default -> throw notFound(path);
        };
    }

    private static StatusException notFound(String path) {
        return StatusException.noSuchResource();
    }
}
