package io.tugboat.apiserver.http;

import io.tugboat.api.errors.StatusException;
import java.util.List;

/** What shape of answer a get, list or watch asked for through its Accept header. */
public enum ResponseForm {
    OBJECT, TABLE, PARTIAL_METADATA, YAML;

    public static ResponseForm negotiate(String accept) {
        for (MediaType m : MediaType.parseAccept(accept)) {
            String as = m.param("as");
            if (m.type().equals("application/json") && as != null) {
                if (as.equals("Table") && "meta.k8s.io".equals(m.param("g"))) {
                    return TABLE;
                }
                if (as.startsWith("PartialObjectMetadata") && "meta.k8s.io".equals(m.param("g"))) {
                    return PARTIAL_METADATA;
                }
                continue;
            }
            if (m.isJsonLike()) {
                return OBJECT;
            }
            if (m.type().equals("application/yaml")) {
                return YAML;
            }
        }
        throw StatusException.notAcceptable("only the following media types are accepted: application/json, application/yaml, "
                + "application/json;as=Table;v=v1;g=meta.k8s.io (got " + List.of(accept) + ")");
    }
}
