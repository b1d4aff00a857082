package io.tugboat.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where the API server is and how to prove who we are: the only thing a component needs to reach the
 * cluster. In-process parts of {@code tug up} use it exactly as a remote agent does.
 *
 * @param serverUrl https URL of the API server
 * @param token     bearer token (the admin token or the node token)
 * @param caPem     the cluster CA that signed the serving certificate, PEM
 */
public record ClusterAccess(String serverUrl, String token, String caPem) {

    public ClusterAccess {
        if (!serverUrl.startsWith("https://")) {
            throw new IllegalArgumentException("the API server URL must start with https://, got " + serverUrl);
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
    }

    /** Reads an agent's join material: the token file and the cluster CA file. */
    public static ClusterAccess fromFiles(String serverUrl, Path tokenFile, Path caFile) throws IOException {
        return new ClusterAccess(serverUrl, Files.readString(tokenFile).strip(), Files.readString(caFile));
    }

    /** A fabric8 client that reads nothing from the environment (~/.kube, KUBECONFIG): only this access. */
    public KubernetesClient connect(String userAgent) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl)
                .withOauthToken(token)
                .withCaCertData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
                .withUserAgent(userAgent)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .withWatchReconnectInterval(500)
                .withRequestRetryBackoffLimit(3)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
