package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.apiserver.http.ResponseForm;
import io.tugboat.apiserver.registry.Meta;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.store.StoreEvent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Each store event decoded, rendered and serialised once for every watch that delivers it, as kube-apiserver's
 * watch cache does with its cachingObject: every agent watches all pods (through its node's field selector), so a
 * pod event used to be parsed and written once per node, and once per watcher in general.
 *
 * <p>Only the most recent events are kept (bounded in count and in estimated bytes); a watcher that has fallen
 * behind them decodes for itself, which costs time, never correctness. The decoded objects are shared:
 * nothing that reads them may change them.
 */
final class SharedWatchEvents {

    private static final int MAX_ENTRIES = 1024;
    // an event is kept as its decoded objects plus encoded renderings: estimated at four times its stored size
    private static final long MAX_BYTES = 64L << 20;
    private static final int SIZE_FACTOR = 4;

    private record EventId(String key, long revision) {
    }

    private final ConcurrentHashMap<EventId, Shared> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<EventId> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();

    /** The shared form of {@code event}; events with the same key and revision are the same change. */
    Shared of(StoreEvent event) {
        EventId id = new EventId(event.key(), event.revision());
        Shared known = entries.get(id);
        if (known != null) {
            return known;
        }
        Shared fresh = new Shared(event);
        Shared raced = entries.putIfAbsent(id, fresh);
        if (raced != null) {
            return raced;
        }
        order.add(id);
        bytes.addAndGet(fresh.estimatedBytes());
        evictOldest();
        return fresh;
    }

    int size() {
        return entries.size();
    }

    private void evictOldest() {
        while (entries.size() > MAX_ENTRIES || bytes.get() > MAX_BYTES) {
            EventId oldest = order.poll();
            if (oldest == null) {
                return;
            }
            Shared gone = entries.remove(oldest);
            if (gone != null) {
                bytes.addAndGet(-gone.estimatedBytes());
            }
        }
    }

    /** One event: its objects decoded on first use, its encodings made once per way of rendering it. */
    static final class Shared {
        private record Rendering(String eventType, ResourceType type, ResponseForm form, String include) {
        }

        private final StoreEvent event;
        private final ConcurrentHashMap<Rendering, EncodedEvent> encoded = new ConcurrentHashMap<>();
        private volatile ObjectNode object;
        private volatile ObjectNode previous;

        Shared(StoreEvent event) {
            this.event = event;
        }

        /**
         * The object the event shows: for a put the new version; for a delete the last version, carrying the
         * revision of its deletion as in Kubernetes. Read-only.
         */
        ObjectNode object() {
            ObjectNode o = object;
            if (o == null) {
                synchronized (this) {
                    o = object;
                    if (o == null) {
                        o = switch (event) {
                            case StoreEvent.Put put -> ObjectRegistry.decode(put.current());
                            case StoreEvent.Delete del -> {
                                ObjectNode last = ObjectRegistry.decode(del.previous());
                                Meta.metadata(last).put("resourceVersion", Long.toString(del.revision()));
                                yield last;
                            }
                        };
                        object = o;
                    }
                }
            }
            return o;
        }

        /** The version a put replaced, or null (a create, or a delete). Read-only. */
        ObjectNode previous() {
            if (!(event instanceof StoreEvent.Put put) || put.previous() == null) {
                return null;
            }
            ObjectNode p = previous;
            if (p == null) {
                synchronized (this) {
                    p = previous;
                    if (p == null) {
                        p = ObjectRegistry.decode(put.previous());
                        previous = p;
                    }
                }
            }
            return p;
        }

        /** The event as {@code eventType} of {@code render}'s rendering of {@link #object}, encoded once per way. */
        EncodedEvent encoded(String eventType, ResourceType type, ResponseForm form, String include,
                Supplier<ObjectNode> render) {
            return encoded.computeIfAbsent(new Rendering(eventType, type, form, include),
                    r -> EncodedEvent.of(eventType, render.get()));
        }

        long estimatedBytes() {
            long raw = switch (event) {
                case StoreEvent.Put put -> put.current().value().length
                        + (put.previous() == null ? 0 : put.previous().value().length);
                case StoreEvent.Delete del -> del.previous().value().length;
            };
            return raw * SIZE_FACTOR;
        }
    }
}
