package io.tugboat.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events about pods as a component writes them (source = component and, for the kubelet, its node;
 * involvedObject with the container's fieldPath when there is one). Sent off the caller's path on one virtual
 * thread; an event repeated within ten minutes bumps the count of the first rather than adding one, as client-go's
 * correlator does.
 */
public final class PodEventRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodEventRecorder.class);
    private static final int REMEMBERED = 4096;

    private record Key(String uid, String fieldPath, String reason, String message) {
    }

    private record Sent(String namespace, String name, int count, Instant first) {
    }

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("pod-events").factory());
    private final Map<Key, Sent> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Sent> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param component the reporting component, e.g. "kubelet" or "default-scheduler"
     * @param host      the node it runs on (the kubelet's), or null for a control-plane component
     */
    public PodEventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    public void normal(Pod pod, String container, String reason, String message) {
        record(pod, container, "Normal", reason, message);
    }

    public void warning(Pod pod, String container, String reason, String message) {
        record(pod, container, "Warning", reason, message);
    }

    private void record(Pod pod, String container, String type, String reason, String message) {
        var meta = pod.getMetadata();
        String fieldPath = container == null ? null : fieldPath(pod, container);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        sender.execute(() -> send(meta.getNamespace(), meta.getName(), meta.getUid(), meta.getResourceVersion(),
                fieldPath, type, reason, message, now));
    }

    private static String fieldPath(Pod pod, String container) {
        boolean init = pod.getSpec() != null && pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }

    private void send(String ns, String podName, String uid, String rv, String fieldPath, String type, String reason,
                      String message, Instant now) {
        Key key = new Key(uid, fieldPath, reason, message);
        try {
            Sent previous = recent.get(key);
            if (previous != null && previous.first().plus(10, ChronoUnit.MINUTES).isAfter(now)) {
                int count = previous.count() + 1;
                client.v1().events().inNamespace(previous.namespace()).withName(previous.name()).edit(e -> {
                    e.setCount(count);
                    e.setLastTimestamp(now.toString());
                    return e;
                });
                recent.put(key, new Sent(previous.namespace(), previous.name(), count, previous.first()));
                return;
            }
            String name = podName + "." + Long.toHexString(System.nanoTime());
            ObjectReference involved = new ObjectReference("v1", fieldPath, "Pod", podName, ns, rv, uid);
            Event event = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withInvolvedObject(involved)
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component).withReportingInstance(host == null ? component : host)
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .build();
            client.v1().events().inNamespace(ns).resource(event).create();
            recent.put(key, new Sent(ns, name, 1, now));
        } catch (RuntimeException e) {
            log.debug("event {} for pod {}/{} not recorded: {}", reason, ns, podName, e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
