package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.ResponseForm;
import io.tugboat.apiserver.http.Responses;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.apiserver.registry.ListPage;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.store.CompactedException;
import io.tugboat.store.StoreEvent;
import io.tugboat.store.StoreException;
import io.tugboat.store.Watch;
import io.tugboat.store.WatchListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code ?watch=true}: a chunked stream of {"type","object"} lines, or one WebSocket text message per
 * event when the request asks for a WebSocket upgrade (fabric8 does; kube-apiserver serves both). Store events are filtered by the
 * request's selectors, so that an object moving out of the selection is seen as DELETED and one moving in
 * as ADDED, as Kubernetes' watch cache does. The stream ends at timeoutSeconds, when the client leaves,
 * or with an ERROR event (410 Expired) when the requested revision is gone.
 */
final class WatchHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WatchHandler.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final Duration BOOKMARK_INTERVAL = Duration.ofSeconds(30);
    private static final int DEFAULT_TIMEOUT_SECONDS = 1800;

    private final ObjectRegistry registry;
    private final Renderer renderer;
    private final SharedWatchEvents sharedEvents = new SharedWatchEvents();

    WatchHandler(ObjectRegistry registry, Renderer renderer) {
        this.registry = registry;
        this.renderer = renderer;
    }

    private sealed interface Item {
    }

    private record Event(StoreEvent event) implements Item {
    }

    private record Failure(StoreException error) implements Item {
    }

    private record Stop() implements Item {
    }

    /** What a watch request asks for, read before anything is sent so that a bad parameter is a plain 400. */
    private record Request(ListOptions options, long from, boolean bookmarks, boolean sendInitial, int timeoutSeconds,
            String include) {
    }

    void watch(HttpExchange ex, ResourceType type, String namespace, ResponseForm form) {
        Request r = new Request(QueryOptions.list(ex, type), QueryOptions.revision(ex.query("resourceVersion")),
                "true".equals(ex.query("allowWatchBookmarks")), "true".equals(ex.query("sendInitialEvents")),
                QueryOptions.intParam(ex, "timeoutSeconds",
                        DEFAULT_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextInt(DEFAULT_TIMEOUT_SECONDS)),
                ex.query("includeObject"));
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        Runnable stop = () -> queue.offer(new Stop());
        if (ex.isWebSocketUpgrade()) {
            // fabric8 asks for this first; the watch then runs on the socket's own thread
            ex.acceptWebSocket(null, new WatchSocket(socket -> {
                try {
                    run(r, type, namespace, form, queue, () -> socket);
                } catch (StatusException e) {
                    // nothing was sent yet: the failure is the one event, as kube-apiserver reports a failed watch
                    try {
                        socket.send(event("ERROR", Responses.status(e)));
                    } catch (IOException io) {
                        LOG.debug("watch client left before the failure event", io);
                    }
                } catch (RuntimeException e) {
                    LOG.error("watch of {} failed", type.plural(), e);
                } finally {
                    socket.close();
                }
            }, stop));
            return;
        }
        ex.onClientGone(stop);
        run(r, type, namespace, form, queue, () -> new HttpWatchSink(ex.stream(200, Responses.JSON)));
    }

    /**
     * Lists (when asked), opens the store watch and streams events to the sink that {@code open} opens once the
     * watch is running, until the deadline, a failure, or a {@link Stop} in the queue. A StatusException thrown
     * before the sink is open leaves the answer to the caller.
     */
    private void run(Request r, ResourceType type, String namespace, ResponseForm form, BlockingQueue<Item> queue,
            Supplier<WatchSink> open) {
        ListOptions options = r.options();
        long from = r.from();
        List<ObjectNode> initial = List.of();
        if (from == 0 || r.sendInitial()) {
            // resourceVersion unset or "0": start with the current state as ADDED events, then changes after it.
            ListPage page = registry.list(type, namespace, new ListOptions(options.labels(), options.fields(), 0, null, 0));
            initial = page.items();
            from = page.revision();
        }
        Watch watch;
        try {
            watch = registry.watch(type, namespace, from, new WatchListener() {
                @Override
                public void onEvent(StoreEvent event) {
                    if (!queue.offer(new Event(event))) {
                        queue.clear();
                        queue.offer(new Failure(new StoreException("watcher fell too far behind")));
                    }
                }

                @Override
                public void onError(StoreException error) {
                    queue.offer(new Failure(error));
                }
            });
        } catch (StatusException e) {
            if (e.code() != 410) {
                throw e;
            }
            // Kubernetes answers an expired watch with 200 and one ERROR event, which clients turn into a relist.
            try (WatchSink out = open.get()) {
                out.send(event("ERROR", Responses.status(e)));
            } catch (IOException io) {
                LOG.debug("client left before the expiry event", io);
            }
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(r.timeoutSeconds());
        long lastRevision = from;
        String include = r.include();
        try (watch; WatchSink out = open.get()) {
            for (ObjectNode obj : initial) {
                out.send(event("ADDED", render(type, obj, form, include)));
            }
            if (r.sendInitial() && r.bookmarks()) {
                writeBookmark(out, type, lastRevision, true);
            }
            out.flush();
            long nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL.toNanos();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                Item item = queue.poll(Math.min(deadline, nextBookmark) - now, TimeUnit.NANOSECONDS);
                if (item == null) {
                    if (System.nanoTime() >= nextBookmark) {
                        if (r.bookmarks()) {
                            writeBookmark(out, type, lastRevision, false);
                            out.flush();
                        }
                        // moved on with or without a bookmark: a deadline left behind would make every poll return at once
                        nextBookmark = System.nanoTime() + BOOKMARK_INTERVAL.toNanos();
                    }
                    continue;
                }
                switch (item) {
                    case Stop s -> {
                        return;
                    }
                    case Failure f -> {
                        StatusException status = f.error() instanceof CompactedException
                                ? StatusException.expired("too old resource version: " + lastRevision)
                                : StatusException.gone("watch ended: " + f.error().getMessage());
                        out.send(event("ERROR", Responses.status(status)));
                        out.flush();
                        return;
                    }
                    case Event e -> {
                        lastRevision = e.event().revision();
                        if (emit(out, type, options, e.event(), form, include)) {
                            // drain whatever else is ready before flushing, so bursts cost one flush
                            Item next;
                            while ((next = queue.peek()) instanceof Event more) {
                                queue.poll();
                                lastRevision = more.event().revision();
                                emit(out, type, options, more.event(), form, include);
                            }
                            out.flush();
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("watch client went away", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean emit(WatchSink out, ResourceType type, ListOptions options, StoreEvent event, ResponseForm form,
            String include) throws IOException {
        SharedWatchEvents.Shared shared = sharedEvents.of(event);
        ObjectNode object = shared.object();
        boolean everything = options.selectsEverything();
        boolean nowMatches = everything || registry.matches(type, object, options);
        String eventType;
        switch (event) {
            case StoreEvent.Put put -> {
                // without a selector the previous version matched whenever there was one: no need to decode it
                boolean wasMatching = put.previous() != null
                        && (everything || registry.matches(type, shared.previous(), options));
                if (nowMatches) {
                    eventType = wasMatching ? "MODIFIED" : "ADDED";
                } else if (wasMatching) {
                    eventType = "DELETED"; // moved out of the selection
                } else {
                    return false;
                }
            }
            case StoreEvent.Delete del -> {
                if (!nowMatches) {
                    return false;
                }
                eventType = "DELETED";
            }
        }
        out.send(shared.encoded(eventType, type, form, include, () -> render(type, object, form, include)));
        return true;
    }

    private ObjectNode render(ResourceType type, ObjectNode obj, ResponseForm form, String include) {
        return renderer.object(type, obj, form, include);
    }

    private void writeBookmark(WatchSink out, ResourceType type, long revision, boolean initialEventsEnd) throws IOException {
        ObjectNode obj = Json.MAPPER.createObjectNode();
        obj.put("kind", type.kind());
        obj.put("apiVersion", type.apiVersion());
        ObjectNode meta = obj.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        out.send(event("BOOKMARK", obj));
    }

    private static EncodedEvent event(String type, ObjectNode object) {
        return EncodedEvent.of(type, object);
    }
}
