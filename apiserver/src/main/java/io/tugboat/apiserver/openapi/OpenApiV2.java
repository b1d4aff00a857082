package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceTypes;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Swagger 2.0 document of {@code /openapi/v2}, in JSON, built on first use and kept as bytes.
 *
 * <p>kubectl asks for v2 as protobuf and only falls back to it when v3 fails; a server that cannot
 * produce protobuf should answer such a request with 406 rather than with this JSON.
 */
public final class OpenApiV2 {

    /** What {@code info.version} says; Kubernetes puts its release there. */
    public static final String DEFAULT_VERSION = "v1.32.0";

    private final Lazy<byte[]> json;

    public OpenApiV2(ResourceTypes types, Supplier<SchemaCatalog> catalog, ObjectMapper mapper) {
        this(types, catalog, mapper, DEFAULT_VERSION);
    }

    public OpenApiV2(ResourceTypes types, Supplier<SchemaCatalog> catalog, ObjectMapper mapper, String serverVersion) {
        this.json = new Lazy<>(() -> build(types, catalog.get(), mapper, serverVersion));
    }

    /** The document as JSON, a read-only view of the kept bytes (a fresh view per call). */
    public ByteBuffer document() {
        return OpenApiV3.view(json.get());
    }

    private static byte[] build(ResourceTypes types, SchemaCatalog catalog, ObjectMapper mapper, String version) {
        ApiPaths apiPaths = new ApiPaths(catalog);
        List<PathItem> paths = new ArrayList<>();
        for (GroupVersion gv : types.groupVersions()) {
            paths.addAll(apiPaths.of(gv, types.inGroupVersion(gv)));
        }
        paths.sort(Comparator.comparing(PathItem::path));
        try {
            return mapper.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(new V2DocumentWriter(catalog).write(paths, version));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain nodes always serializes
        }
    }
}
