package io.tugboat.client;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.tugboat.api.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST pods/{name}/binding, which fabric8's typed DSL does not offer; through the client's own HTTP client,
 * so the same credentials and TLS apply. Failures come back as {@link KubernetesClientException} with the
 * server's code, as from the DSL.
 */
public final class PodBinding {

    private PodBinding() {
    }

    public static void bind(KubernetesClient client, Binding binding) {
        var meta = binding.getMetadata();
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + URLEncoder.encode(meta.getNamespace(), StandardCharsets.UTF_8) + "/pods/"
                + URLEncoder.encode(meta.getName(), StandardCharsets.UTF_8) + "/binding";
        try {
            HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
                    .post("application/json", Json.MAPPER.writeValueAsString(binding)).build();
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
            if (!response.isSuccessful()) {
                throw new KubernetesClientException("binding " + meta.getNamespace() + "/" + meta.getName() + " failed: "
                        + response.body(), response.code(), null);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("binding " + meta.getNamespace() + "/" + meta.getName() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted", e);
        }
    }
}
