package io.tugboat.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.Json;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A watch that asks for a WebSocket (as fabric8's do) gets one, with each event a text message of its own. */
class WatchOverWebSocketTest {

    @RegisterExtension
    static final InJvmApiServerExtension api = new InJvmApiServerExtension();

    /** Collects whole text messages and the close. */
    private static final class Events implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Json.MAPPER.readTree(partial.toString()));
                } catch (Exception e) {
                    closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a watch event within 10 s").isNotNull();
            return m;
        }
    }

    private static Events watch(String pathAndQuery) throws Exception {
        Events events = new Events();
        api.server().admin().webSocket(pathAndQuery, events).get(10, TimeUnit.SECONDS);
        return events;
    }

    private static String create(String name) throws Exception {
        return create(name, "none");
    }

    private static String create(String name, String app) throws Exception {
        HttpResponse<String> r = api.server().admin().send("POST", "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}},\"data\":{\"k\":\"v\"}}");
        assertThat(r.statusCode()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).path("metadata").path("resourceVersion").asText();
    }

    @Test
    void eachEventIsOneTextMessageAndTheServerClosesAtTheTimeout() throws Exception {
        String rv = create("before");
        Events events = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=3&resourceVersion=" + rv);
        create("during-1");
        create("during-2");
        JsonNode first = events.next();
        assertThat(first.path("type").asText()).isEqualTo("ADDED");
        assertThat(first.path("object").path("metadata").path("name").asText()).isEqualTo("during-1");
        assertThat(events.next().path("object").path("metadata").path("name").asText()).isEqualTo("during-2");
        assertThat(events.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void withoutAResourceVersionTheCurrentObjectsComeFirst() throws Exception {
        create("listed");
        Events events = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&fieldSelector=metadata.name%3Dlisted");
        JsonNode added = events.next();
        assertThat(added.path("type").asText()).isEqualTo("ADDED");
        assertThat(added.path("object").path("metadata").path("name").asText()).isEqualTo("listed");
        assertThat(events.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void watchersWithDifferentSelectorsEachSeeTheChangeTheirWay() throws Exception {
        String rv = create("moving", "a");
        Events all = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=5&resourceVersion=" + rv);
        Events selected = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=5&labelSelector=app%3Da&resourceVersion=" + rv);
        HttpResponse<String> moved = api.server().admin().send("PATCH", "/api/v1/namespaces/default/configmaps/moving",
                "{\"metadata\":{\"labels\":{\"app\":\"b\"}}}");
        assertThat(moved.statusCode()).isEqualTo(200);
        String movedRv = Json.MAPPER.readTree(moved.body()).path("metadata").path("resourceVersion").asText();
        HttpResponse<String> deleted = api.server().admin().send("DELETE", "/api/v1/namespaces/default/configmaps/moving", null);
        assertThat(deleted.statusCode()).isEqualTo(200);

        JsonNode modified = all.next();
        assertThat(modified.path("type").asText()).isEqualTo("MODIFIED");
        assertThat(modified.path("object").path("metadata").path("labels").path("app").asText()).isEqualTo("b");
        JsonNode gone = all.next();
        assertThat(gone.path("type").asText()).isEqualTo("DELETED");
        String deletedRv = gone.path("object").path("metadata").path("resourceVersion").asText();
        assertThat(Long.parseLong(deletedRv)).isGreaterThan(Long.parseLong(movedRv));

        // the same change leaves the selection: DELETED with the new labels; the delete itself is no longer its business
        JsonNode left = selected.next();
        assertThat(left.path("type").asText()).isEqualTo("DELETED");
        assertThat(left.path("object").path("metadata").path("resourceVersion").asText()).isEqualTo(movedRv);
        assertThat(left.path("object").path("metadata").path("labels").path("app").asText()).isEqualTo("b");
        assertThat(selected.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(selected.messages).isEmpty();

        // a watcher arriving later replays the same events from the same revision
        Events late = watch("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&resourceVersion=" + rv);
        assertThat(late.next().path("type").asText()).isEqualTo("MODIFIED");
        JsonNode lateGone = late.next();
        assertThat(lateGone.path("type").asText()).isEqualTo("DELETED");
        assertThat(lateGone.path("object").path("metadata").path("resourceVersion").asText()).isEqualTo(deletedRv);
    }

    @Test
    void aBadParameterIsAPlainStatusBeforeAnyUpgrade() {
        Events events = new Events();
        CompletableFuture<WebSocket> ws = api.server().admin().webSocket(
                "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=%3D%3D%3D", events);
        assertThat(ws).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }
}
