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
        HttpResponse<String> r = api.server().admin().send("POST", "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}");
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
    void aBadParameterIsAPlainStatusBeforeAnyUpgrade() {
        Events events = new Events();
        CompletableFuture<WebSocket> ws = api.server().admin().webSocket(
                "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=%3D%3D%3D", events);
        assertThat(ws).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }
}
