package io.tugboat.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceTypes;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The OpenAPI v3 discovery of {@code /openapi/v3}: an index naming one document per group-version, each
 * with a content hash in its URL so clients can cache it forever, and the documents themselves.
 * Everything is built on first use and kept as bytes.
 */
public final class OpenApiV3 {

    /** One group-version's document: {@code path} is its key in the index, e.g. "apis/apps/v1". */
    private record Document(String path, byte[] json, String hash) {

        /** The URL the index advertises, e.g. {@code /openapi/v3/apis/apps/v1?hash=3F0A...}. */
        String serverRelativeUrl() {
            return "/openapi/v3/" + path + "?hash=" + hash;
        }
    }

    private record Built(Map<String, Document> documents, byte[] index) {
    }

    private final Lazy<Built> built;

    public OpenApiV3(ResourceTypes types, Supplier<SchemaCatalog> catalog, ObjectMapper mapper) {
        ObjectWriter writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.built = new Lazy<>(() -> build(types, catalog.get(), writer));
    }

    /**
     * The index: {@code {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}},
     * as a read-only view of the kept JSON bytes (a fresh view per call: share the bytes, not the position).
     */
    public ByteBuffer index() {
        return view(built.get().index());
    }

    /**
     * The JSON document of a group-version path such as "api/v1" or "apis/apps/v1" (a leading '/' is
     * ignored), as a read-only view of the kept bytes.
     */
    public Optional<ByteBuffer> document(String path) {
        return find(path).map(d -> view(d.json()));
    }

    /**
     * The content hash of a group-version's document. Kubernetes serves a request whose {@code hash}
     * parameter matches with {@code Cache-Control: public, immutable} and answers a stale hash with a
     * redirect to the current URL; the hash is also a fine ETag.
     */
    public Optional<String> hash(String path) {
        return find(path).map(Document::hash);
    }

    /** Copying a 250 kB document per request costs more than serving it; a read-only view costs nothing. */
    static ByteBuffer view(byte[] bytes) {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private Optional<Document> find(String path) {
        String key = path.startsWith("/") ? path.substring(1) : path;
        return Optional.ofNullable(built.get().documents().get(key));
    }

    /** The group-version paths that have a document, core first. */
    public Set<String> paths() {
        return built.get().documents().keySet();
    }

    /** The index key of a group-version: "api/v1" for core, "apis/apps/v1" otherwise. */
    public static String pathOf(GroupVersion gv) {
        return gv.pathPrefix().substring(1);
    }

    private static Built build(ResourceTypes types, SchemaCatalog catalog, ObjectWriter writer) {
        ApiPaths apiPaths = new ApiPaths(catalog);
        V3DocumentWriter documentWriter = new V3DocumentWriter(catalog);
        Map<String, Document> documents = new LinkedHashMap<>();
        ObjectNode index = JsonNodeFactory.instance.objectNode();
        ObjectNode indexPaths = index.putObject("paths");
        for (GroupVersion gv : types.groupVersions()) {
            String path = pathOf(gv);
            byte[] json = bytes(writer, documentWriter.write(apiPaths.of(gv, types.inGroupVersion(gv))));
            Document document = new Document(path, json, ContentHash.of(json));
            documents.put(path, document);
            indexPaths.putObject(path).put("serverRelativeURL", document.serverRelativeUrl());
        }
        return new Built(Collections.unmodifiableMap(documents), bytes(writer, index));
    }

    private static byte[] bytes(ObjectWriter writer, ObjectNode node) {
        try {
            return writer.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain nodes always serializes
        }
    }
}
