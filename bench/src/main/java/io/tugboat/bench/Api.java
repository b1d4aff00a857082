package io.tugboat.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few API requests the harnesses make, built by hand so that the load generator stays cheap. */
public final class Api {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Kubeconfig config;
    private final HttpClient http;

    public Api(Kubeconfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    public HttpClient http() {
        return http;
    }

    public HttpRequest request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(config.uri(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + config.token())
                .header("Accept", "application/json");
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return b.build();
    }

    public HttpResponse<String> send(String method, String path, String json) {
        try {
            return http.send(request(method, path, json), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Creates the namespace (201) unless it exists (409). */
    public void ensureNamespace(String name) {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("cannot create namespace " + name + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** A small ConfigMap; {@code resourceVersion} 0 leaves it out. */
    public static String configMap(String namespace, String name, long resourceVersion, String data) {
        String rv = resourceVersion == 0 ? "" : ",\"resourceVersion\":\"" + resourceVersion + "\"";
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + namespace + "\"" + rv + "},\"data\":{" + data + "}}";
    }

    /** metadata.resourceVersion of an object in JSON (the first one in the text), or 0. */
    public static long resourceVersion(String json) {
        int at = json.indexOf("\"resourceVersion\":\"");
        if (at < 0) {
            return 0;
        }
        int from = at + "\"resourceVersion\":\"".length();
        int end = json.indexOf('"', from);
        try {
            return Long.parseLong(json, from, end, 10);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
