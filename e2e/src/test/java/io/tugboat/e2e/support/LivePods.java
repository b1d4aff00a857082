package io.tugboat.e2e.support;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The pods a workload has that are not being deleted: what its controller counts as its own. */
public final class LivePods {

    private LivePods() {
    }

    /** Pods of {@code namespace} labelled {@code app=APP} without a deletionTimestamp. */
    public static List<Pod> withApp(KubernetesClient client, String namespace, String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }
}
