package io.tugboat.client.events;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * Events about pods as a component writes them: an {@link EventRecorder} whose involvedObject carries the
 * container's fieldPath when there is one (spec.containers{name} or spec.initContainers{name}), as the kubelet's do.
 */
public final class PodEventRecorder implements AutoCloseable {

    private final EventRecorder recorder;

    /**
     * @param component the reporting component, e.g. "kubelet" or "default-scheduler"
     * @param host      the node it runs on (the kubelet's), or null for a control-plane component
     */
    public PodEventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.recorder = new EventRecorder(client, component, host, clock);
    }

    public void normal(Pod pod, String container, String reason, String message) {
        recorder.record(EventRecorder.referenceTo(pod, fieldPath(pod, container)), "Normal", reason, message);
    }

    public void warning(Pod pod, String container, String reason, String message) {
        recorder.record(EventRecorder.referenceTo(pod, fieldPath(pod, container)), "Warning", reason, message);
    }

    private static String fieldPath(Pod pod, String container) {
        if (container == null) {
            return null;
        }
        boolean init = pod.getSpec() != null && pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }

    @Override
    public void close() {
        recorder.close();
    }
}
