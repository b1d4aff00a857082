package io.tugboat.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Raw HTTPS requests to the API with the credentials of a kubeconfig, for tests that check exact status
 * codes and bodies. The server is verified against the kubeconfig's CA, as kubectl does.
 */
public final class ApiClient {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String server;
    private final String token;

    public record Reply(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public ApiClient(Path kubeconfig) {
        try {
            JsonNode config = YAML.readTree(kubeconfig.toFile());
            JsonNode cluster = config.path("clusters").get(0).path("cluster");
            this.server = cluster.path("server").asText();
            this.token = config.path("users").get(0).path("user").path("token").asText();
            byte[] ca = Base64.getDecoder().decode(cluster.path("certificate-authority-data").asText());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(ca)));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    public String server() {
        return server;
    }

    public String token() {
        return token;
    }

    public Reply send(String method, String path, String contentType, String body) {
        return send(method, path, contentType, body, true);
    }

    public Reply anonymous(String method, String path) {
        return send(method, path, null, null, false);
    }

    private Reply send(String method, String path, String contentType, String body, boolean authenticate) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authenticate) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.header("Accept", "application/json");
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, "application/json", json);
    }
}
