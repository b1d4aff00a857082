package io.tugboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a harness needs from a kubeconfig, read the way kubectl and {@code io.tugboat.testkit.ApiClient}
 * read it: the server URL, the bearer token, and an SSL context that trusts the cluster CA only.
 */
public record Kubeconfig(URI server, String token, SSLContext ssl) {

    public static Kubeconfig read(Path file) {
        try {
            JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            JsonNode cluster = config.path("clusters").get(0).path("cluster");
            String token = config.path("users").get(0).path("user").path("token").asText();
            byte[] ca = Base64.getDecoder().decode(cluster.path("certificate-authority-data").asText());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca",
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(ca)));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return new Kubeconfig(URI.create(cluster.path("server").asText()), token, ssl);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read kubeconfig " + file, e);
        }
    }

    /**
     * An HTTP/1.1 client for the API. The JDK client opens one connection per request in flight and keeps
     * them for reuse, so its pool grows to the concurrency the load needs.
     */
    public HttpClient httpClient(Executor executor) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).executor(executor).build();
    }

    public URI uri(String path) {
        return server.resolve(path);
    }
}
