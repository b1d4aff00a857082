package io.tugboat.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.Json;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.discovery.Discovery;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.MediaType;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.openapi.OpenApiEndpoints;
import io.tugboat.apiserver.rest.ResourceHandler;
import io.tugboat.api.ResourceTypes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Sends each request to what serves its path: discovery, version, OpenAPI, health, or a resource. */
final class ApiRouter {

    private final ResourceTypes types;
    private final Discovery discovery;
    private final OpenApiEndpoints openApi;
    private final ResourceHandler resources;
    private final String serverAddress;
    private final ObjectNode version;

    ApiRouter(ResourceTypes types, Discovery discovery, OpenApiEndpoints openApi, ResourceHandler resources, String serverAddress) {
        this.types = types;
        this.discovery = discovery;
        this.openApi = openApi;
        this.resources = resources;
        this.serverAddress = serverAddress;
        this.version = Json.MAPPER.createObjectNode();
        version.put("major", "1");
        version.put("minor", "32");
        version.put("gitVersion", "v1.32.0-tugboat");
        version.put("gitCommit", "tugboat");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2026-11-24T00:00:00Z");
        version.put("goVersion", "java" + Runtime.version().feature());
        version.put("compiler", "javac");
        version.put("platform", "linux/amd64");
    }

    /** Paths anyone may read without credentials, as Kubernetes' system:public-info-viewer allows. */
    static boolean isPublic(String path) {
        return path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz") || path.equals("/version");
    }

    void route(HttpExchange ex) {
        String path = stripTrailingSlash(ex.path());
        switch (path) {
            case "/healthz", "/livez", "/readyz" -> {
                ex.respond(200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
                return;
            }
            case "/version" -> {
                Responses.json(ex, 200, version);
                return;
            }
            case "/api" -> {
                Optional<String> aggregated = aggregatedVersion(ex);
                if (aggregated.isPresent()) {
                    sendAggregated(ex, true, aggregated.get());
                } else {
                    Responses.json(ex, 200, discovery.apiVersions(serverAddress));
                }
                return;
            }
            case "/apis" -> {
                Optional<String> aggregated = aggregatedVersion(ex);
                if (aggregated.isPresent()) {
                    sendAggregated(ex, false, aggregated.get());
                } else {
                    Responses.json(ex, 200, discovery.apiGroupList());
                }
                return;
            }
            case "/openapi/v2" -> {
                requireJson(ex, "/openapi/v2");
                sendBuffer(ex, openApi.v2());
                return;
            }
            case "/openapi/v3" -> {
                sendBuffer(ex, openApi.v3Index());
                return;
            }
            default -> {
            }
        }
        if (path.startsWith("/openapi/v3/")) {
            String gvPath = path.substring("/openapi/v3/".length());
            ByteBuffer doc = openApi.v3Document(gvPath).orElseThrow(ApiRouter::notFound);
            String hash = ex.query("hash");
            if (hash != null && openApi.v3Hash(gvPath).map(hash::equals).orElse(false)) {
                ex.setHeader("Cache-Control", "public, immutable");
            }
            openApi.v3Hash(gvPath).ifPresent(h -> ex.setHeader("ETag", "\"" + h + "\""));
            sendBuffer(ex, doc);
            return;
        }
        List<String> seg = List.of(path.substring(1).split("/"));
        if (seg.get(0).equals("api") && seg.size() == 2) {
            sendDiscovery(ex, discovery.resourceList(new GroupVersion("", seg.get(1))));
            return;
        }
        if (seg.get(0).equals("apis") && seg.size() == 2) {
            sendDiscovery(ex, discovery.apiGroup(seg.get(1)));
            return;
        }
        if (seg.get(0).equals("apis") && seg.size() == 3) {
            sendDiscovery(ex, discovery.resourceList(new GroupVersion(seg.get(1), seg.get(2))));
            return;
        }
        if ((seg.get(0).equals("api") && seg.size() > 2) || (seg.get(0).equals("apis") && seg.size() > 3)) {
            resources.handle(ex, RequestPath.resolve(types, path));
            return;
        }
        throw notFound();
    }

    private void sendDiscovery(HttpExchange ex, ObjectNode doc) {
        if (doc == null) {
            throw notFound();
        }
        Responses.json(ex, 200, doc);
    }

    /** The aggregated discovery version the client asks for first, if any (kubectl 1.32 prefers v2). */
    private static Optional<String> aggregatedVersion(HttpExchange ex) {
        for (MediaType m : MediaType.parseAccept(ex.header("Accept"))) {
            if ("APIGroupDiscoveryList".equals(m.param("as")) && "apidiscovery.k8s.io".equals(m.param("g"))) {
                String v = m.param("v");
                if ("v2".equals(v) || "v2beta1".equals(v)) {
                    return Optional.of(v);
                }
            } else if (m.isJsonLike()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void sendAggregated(HttpExchange ex, boolean core, String version) {
        String contentType = version.equals("v2") ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1;
        ex.respond(200, contentType, discovery.aggregated(core, version));
    }

    private static void requireJson(HttpExchange ex, String what) {
        for (MediaType m : MediaType.parseAccept(ex.header("Accept"))) {
            if (m.isJsonLike()) {
                return;
            }
        }
        throw StatusException.notAcceptable(what + " is served as application/json only");
    }

    private static void sendBuffer(HttpExchange ex, ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        ex.respond(200, "application/json", bytes);
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static StatusException notFound() {
        return StatusException.noSuchResource();
    }
}
