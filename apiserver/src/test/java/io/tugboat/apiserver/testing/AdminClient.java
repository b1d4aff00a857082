package io.tugboat.apiserver.testing;

import io.tugboat.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/** HTTPS requests to one API server as its admin, each bounded by a timeout. */
public final class AdminClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String url;
    private final String token;
    private final HttpClient http;

    AdminClient(String url, String token, SSLContext ssl) {
        this.url = url;
        this.token = token;
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(TIMEOUT).build();
    }

    /**
     * Sends {@code body} (JSON, or none) and returns the response as it came. A PATCH body is a JSON merge patch,
     * as the tests write them; any other body is an object.
     */
    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@link #send}, with the body read as JSON. */
    public ApiReply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body);
        try {
            return new ApiReply(r.statusCode(), r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (status " + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** Opens a WebSocket to {@code path} as the admin; the future fails as the handshake does. */
    public CompletableFuture<WebSocket> webSocket(String path, WebSocket.Listener listener) {
        return http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(url.replaceFirst("^https:", "wss:") + path), listener);
    }

    /** Drops what is still open (watches that the server had not ended), without waiting for it. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
