package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tugboat.api.ResourceTypes;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What the HTTP layer serves for {@code /openapi/v2}, {@code /openapi/v3} and
 * {@code /openapi/v3/<group-version>}, and the strict field check for writes. One instance per server;
 * the schemas are read from the model once, on the first request that needs them, and the documents are
 * kept as bytes. Documents are handed out as read-only {@link ByteBuffer} views of those bytes, ready
 * for Jetty's {@code Response.write(last, buffer, callback)} without a copy.
 */
public final class OpenApiEndpoints {

    private final Lazy<SchemaCatalog> catalog;
    private final OpenApiV3 v3;
    private final OpenApiV2 v2;
    private final FieldValidator fieldValidator;

    public OpenApiEndpoints(ResourceTypes types) {
        this(types, new ObjectMapper());
    }

    /** @param mapper the mapper the server decodes objects with; its view of the model types is published */
    public OpenApiEndpoints(ResourceTypes types, ObjectMapper mapper) {
        this.catalog = new Lazy<>(() -> SchemaCatalog.of(types, mapper));
        this.v3 = new OpenApiV3(types, catalog, mapper);
        this.v2 = new OpenApiV2(types, catalog, mapper);
        this.fieldValidator = new FieldValidator(mapper);
    }

    /** {@code GET /openapi/v3}: the index of group-version documents, as JSON. */
    public ByteBuffer v3Index() {
        return v3.index();
    }

    /**
     * {@code GET /openapi/v3/<path>} for a path such as "api/v1" or "apis/apps/v1", as JSON; empty for
     * a group-version the server does not serve (answer 404).
     */
    public Optional<ByteBuffer> v3Document(String path) {
        return v3.document(path);
    }

    /** The content hash of a v3 document, as in the index URLs' {@code ?hash=}: use for ETag and caching. */
    public Optional<String> v3Hash(String path) {
        return v3.hash(path);
    }

    /** {@code GET /openapi/v2}: the Swagger 2.0 document, as JSON. */
    public ByteBuffer v2() {
        return v2.document();
    }

    public FieldValidator fieldValidator() {
        return fieldValidator;
    }

    public SchemaCatalog catalog() {
        return catalog.get();
    }
}
