package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tugboat.controllers.support.Expectations;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes a ReplicaSet's pods through the API, recording expectations first so that the events
 * of these writes are what satisfies them. Creations go in slow-start batches (1, 2, 4, ...) and stop at the
 * first failing batch, so that a quota or an admission error costs one request rather than hundreds.
 */
final class PodControl {

    private static final Logger log = LoggerFactory.getLogger(PodControl.class);

    private final KubernetesClient client;
    private final Expectations<ObjectKey> expectations;

    PodControl(KubernetesClient client, Expectations<ObjectKey> expectations) {
        this.client = client;
        this.expectations = expectations;
    }

    void create(ObjectKey key, ReplicaSet rs, int count) {
        expectations.expectCreations(key, count);
        int remaining = count;
        int batch = 1;
        KubernetesClientException failure = null;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            while (remaining > 0 && failure == null) {
                int size = Math.min(batch, remaining);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    calls.add(threads.submit(() -> client.pods().inNamespace(key.namespace()).resource(PodFactory.fromTemplate(rs)).create()));
                }
                for (Future<?> call : calls) {
                    KubernetesClientException e = outcome(call);
                    if (e != null) {
                        expectations.creationObserved(key); // this pod will never be seen
                        failure = failure == null ? e : failure;
                    }
                }
                remaining -= size;
                batch *= 2;
            }
        }
        for (int i = 0; i < remaining; i++) {
            expectations.creationObserved(key); // skipped after a failure
        }
        if (failure != null) {
            log.warn("replicaset {}: creating pods failed: {}", key, failure.getMessage());
            throw failure;
        }
        log.debug("replicaset {}: created {} pods", key, count);
    }

    void delete(ObjectKey key, List<Pod> victims) {
        expectations.expectDeletions(key, victims.stream().map(Pods::key).toList());
        KubernetesClientException failure = null;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (Pod pod : victims) {
                calls.add(threads.submit(() -> client.pods().inNamespace(key.namespace()).withName(pod.getMetadata().getName()).delete()));
            }
            for (int i = 0; i < calls.size(); i++) {
                KubernetesClientException e = outcome(calls.get(i));
                if (e != null && e.getCode() != 404) {
                    expectations.deletionObserved(key, Pods.key(victims.get(i)));
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        log.debug("replicaset {}: deleted {} pods", key, victims.size());
    }

    private static KubernetesClientException outcome(Future<?> call) {
        try {
            call.get();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KubernetesClientException k) {
                return k;
            }
            return new KubernetesClientException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KubernetesClientException("interrupted", e);
        }
    }
}
