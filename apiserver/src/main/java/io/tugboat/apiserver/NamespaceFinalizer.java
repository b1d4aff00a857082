package io.tugboat.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.registry.DeleteOptions;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a namespace that is being deleted and then removes it: deletes every object in it, kind by kind,
 * and once nothing is left drops the "kubernetes" finalizer and the namespace itself. Level-triggered: a
 * namespace still holding objects (finalizers, graceful pods) is looked at again with growing delays.
 */
final class NamespaceFinalizer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceFinalizer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final ObjectRegistry registry;
    private final ResourceTypes types;
    private final ResourceType namespaces;
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final Map<String, Duration> backoff = new ConcurrentHashMap<>();
    private Watch watch;
    private Thread worker;

    NamespaceFinalizer(ObjectRegistry registry, ResourceTypes types) {
        this.registry = registry;
        this.types = types;
        this.namespaces = types.byPlural(new GroupVersion("", "v1"), "namespaces").orElseThrow();
    }

    private record Pending(String namespace, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Pending) o).dueNanos);
        }
    }

    synchronized void start() {
        var page = registry.list(namespaces, null, ListOptions.ALL);
        for (ObjectNode ns : page.items()) {
            if (Meta.isDeleting(ns)) {
                enqueue(Meta.name(ns), Duration.ZERO);
            }
        }
        watch = registry.watch(namespaces, null, page.revision(), new WatchListener() {
            @Override
            public void onEvent(StoreEvent event) {
                if (event instanceof StoreEvent.Put put && Meta.isDeleting(ObjectRegistry.decode(put.current()))) {
                    enqueue(Meta.name(ObjectRegistry.decode(put.current())), Duration.ZERO);
                }
            }

            @Override
            public void onError(StoreException error) {
                LOG.warn("namespace watch ended: {}; restart the server to resume namespace cleanup", error.getMessage());
            }
        });
        worker = Thread.ofVirtual().name("namespace-finalizer").start(this::run);
    }

    private void enqueue(String namespace, Duration delay) {
        queue.add(new Pending(namespace, System.nanoTime() + delay.toNanos()));
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Pending next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            queue.removeIf(p -> p.namespace().equals(next.namespace()));
            try {
                if (finalizeNamespace(next.namespace())) {
                    backoff.remove(next.namespace());
                } else {
                    Duration delay = backoff.merge(next.namespace(), FIRST_RETRY,
                            (old, first) -> old.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : old.multipliedBy(2));
                    enqueue(next.namespace(), delay);
                }
            } catch (RuntimeException e) {
                LOG.warn("cleaning namespace {} failed, will retry: {}", next.namespace(), e.getMessage());
                enqueue(next.namespace(), MAX_RETRY);
            }
        }
    }

    /** One step: returns true when the namespace is gone (or no longer deleting). */
    private boolean finalizeNamespace(String name) {
        ObjectNode ns = registry.find(namespaces, null, name).orElse(null);
        if (ns == null || !Meta.isDeleting(ns)) {
            return true;
        }
        int remaining = 0;
        for (ResourceType type : types.all()) {
            if (!type.namespaced()) {
                continue;
            }
            for (ObjectNode obj : registry.list(type, name, ListOptions.ALL).items()) {
                remaining++;
                if (!Meta.isDeleting(obj)) {
                    try {
                        registry.delete(type, name, Meta.name(obj), DeleteOptions.DEFAULT);
                    } catch (StatusException e) {
                        if (e.code() != 404) {
                            throw e;
                        }
                    }
                }
            }
        }
        if (remaining > 0) {
            // look again: deletions just issued have usually completed by then
            for (ResourceType type : types.all()) {
                if (type.namespaced() && !registry.list(type, name, ListOptions.ALL).items().isEmpty()) {
                    return false;
                }
            }
        }
        registry.guaranteedUpdate(namespaces, null, name, null, false, false, current -> {
            current.with("spec").putArray("finalizers");
            return current;
        });
        ObjectNode left = registry.find(namespaces, null, name).orElse(null);
        if (left == null) {
            LOG.info("namespace {} deleted", name);
            return true;
        }
        return false; // other finalizers remain on the namespace; their owners remove them
    }

    @Override
    public synchronized void close() {
        if (watch != null) {
            watch.close();
        }
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
