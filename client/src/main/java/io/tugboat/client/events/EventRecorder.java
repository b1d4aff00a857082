package io.tugboat.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events about any object as a component writes them (source = component and, for the kubelet, its node).
 * Sent off the caller's path on one virtual thread, so a reconcile never waits on an event; an event repeated within
 * ten minutes bumps the count of the first rather than adding one, as client-go's correlator does.
 */
public final class EventRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 4096;

    private record Key(String uid, String fieldPath, String reason, String message) {
    }

    private record Sent(String namespace, String name, int count, Instant first) {
    }

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final ExecutorService sender;
    private final Map<Key, Sent> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Sent> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param component the reporting component, e.g. "kubelet" or "cronjob-controller"
     * @param host      the node it runs on (the kubelet's), or null for a control-plane component
     */
    public EventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        this.sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name(component + "-events").factory());
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(referenceTo(object, null), "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(referenceTo(object, null), "Warning", reason, message);
    }

    /** The involvedObject of an event about {@code object}, or about a part of it when fieldPath is set. */
    public static ObjectReference referenceTo(HasMetadata object, String fieldPath) {
        var meta = object.getMetadata();
        return new ObjectReference(object.getApiVersion(), fieldPath, object.getKind(), meta.getName(), meta.getNamespace(),
                meta.getResourceVersion(), meta.getUid());
    }

    /** Records an event of {@code type} ("Normal" or "Warning") about the referenced object. */
    public void record(ObjectReference involved, String type, String reason, String message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            sender.execute(() -> send(involved, type, reason, message, now));
        } catch (RejectedExecutionException e) {
            log.debug("event {} for {} {} dropped: recorder closed", reason, involved.getKind(), involved.getName());
        }
    }

    private void send(ObjectReference involved, String type, String reason, String message, Instant now) {
        String ns = involved.getNamespace() == null ? "default" : involved.getNamespace();
        Key key = new Key(involved.getUid(), involved.getFieldPath(), reason, message);
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
            String name = involved.getName() + "." + Long.toHexString(System.nanoTime());
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
            log.debug("event {} for {} {}/{} not recorded: {}", reason, involved.getKind(), ns, involved.getName(), e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
