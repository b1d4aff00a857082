package io.tugboat.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * A client whose reads (get, list, watch) are answered with {@code PartialObjectMetadata}, as client-go's metadata
 * client: for a component that follows every kind but needs only metadata (the garbage collector), so its caches
 * and watch streams carry no spec, data or status. Read the objects as {@code GenericKubernetesResource}s.
 */
public final class MetadataOnlyClient {

    static final String ACCEPT = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

    private MetadataOnlyClient() {
    }

    /** A new client to the same cluster with the same credentials; the caller closes it. */
    public static KubernetesClient from(KubernetesClient client) {
        return new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("partial-object-metadata",
                        new Interceptor() {
                            @Override
                            public void before(BasicBuilder request, HttpRequest original, Interceptor.RequestTags tags) {
                                if ("GET".equals(original.method())) {
                                    request.setHeader("Accept", ACCEPT);
                                }
                            }
                        }))
                .build();
    }
}
