package io.tugboat.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.apiserver.http.ResponseForm;
import io.tugboat.store.KeyValue;
import io.tugboat.store.StoreEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SharedWatchEventsTest {

    private static final ResourceType CONFIGMAP = ResourceTypes.builtIn().byKind("v1", "ConfigMap").orElseThrow();
    private static final String KEY = "/registry/configmaps/default/cm";

    private final SharedWatchEvents events = new SharedWatchEvents();

    @Test
    void theSameChangeDeliveredToManyWatchesIsDecodedAndEncodedOnce() {
        StoreEvent.Put put = put(7, "v1");
        // another watch receives its own StoreEvent instance of the same commit (as an etcd watch each)
        StoreEvent.Put sameChange = put(7, "v1");
        SharedWatchEvents.Shared first = events.of(put);
        assertThat(events.of(sameChange)).isSameAs(first);
        assertThat(first.object()).isSameAs(events.of(sameChange).object());

        AtomicInteger renders = new AtomicInteger();
        Supplier<ObjectNode> render = () -> {
            renders.incrementAndGet();
            return first.object();
        };
        EncodedEvent a = first.encoded("ADDED", CONFIGMAP, ResponseForm.OBJECT, null, render);
        EncodedEvent b = first.encoded("ADDED", CONFIGMAP, ResponseForm.OBJECT, null, render);
        assertThat(b).isSameAs(a);
        assertThat(renders).hasValue(1);
        assertThat(a.text()).contains("\"type\":\"ADDED\"").contains("\"resourceVersion\":\"7\"");
        assertThat(new String(a.utf8(), StandardCharsets.UTF_8)).isEqualTo(a.text());

        // another rendering of the same change is its own encoding
        EncodedEvent deleted = first.encoded("DELETED", CONFIGMAP, ResponseForm.OBJECT, null, render);
        assertThat(deleted.text()).contains("\"type\":\"DELETED\"");
        assertThat(renders).hasValue(2);
    }

    @Test
    void aPutKnowsTheVersionItReplacedAndADeleteShowsTheLastVersionAtItsOwnRevision() {
        StoreEvent.Put update = new StoreEvent.Put(kv(9, "new"), kv(5, "old"));
        assertThat(events.of(update).previous().path("data").path("k").asText()).isEqualTo("old");
        assertThat(events.of(update).previous().path("metadata").path("resourceVersion").asText()).isEqualTo("5");
        assertThat(events.of(put(3, "x")).previous()).isNull();

        StoreEvent.Delete delete = new StoreEvent.Delete(kv(9, "new"), 12);
        ObjectNode last = events.of(delete).object();
        assertThat(last.path("data").path("k").asText()).isEqualTo("new");
        assertThat(last.path("metadata").path("resourceVersion").asText()).isEqualTo("12");
        assertThat(events.of(delete).previous()).isNull();
    }

    @Test
    void onlyTheMostRecentEventsAreKept() {
        SharedWatchEvents.Shared oldest = events.of(put(1, "v"));
        for (long rev = 2; rev <= 2_000; rev++) {
            events.of(put(rev, "v"));
        }
        assertThat(events.size()).isLessThanOrEqualTo(1024);
        assertThat(events.of(put(2_000, "v"))).isSameAs(events.of(put(2_000, "v")));
        // evicted: a watcher that far behind decodes its own copy, with the same content
        SharedWatchEvents.Shared again = events.of(put(1, "v"));
        assertThat(again).isNotSameAs(oldest);
        assertThat(again.object()).isEqualTo(oldest.object());
    }

    private static StoreEvent.Put put(long revision, String value) {
        return new StoreEvent.Put(kv(revision, value), null);
    }

    private static KeyValue kv(long revision, String value) {
        ObjectNode cm = Json.MAPPER.createObjectNode();
        cm.put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", "cm").put("namespace", "default");
        cm.putObject("data").put("k", value);
        return new KeyValue(KEY, Json.bytes(cm), 1, revision);
    }
}
