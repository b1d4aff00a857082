package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Events have
 * no Name column first: kubectl shows when and what happened, the object it happened to, and why.
 */
final class EventPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Columns.string("Type", "Type of this event (Normal, Warning)."),
            Columns.string("Reason", "A short, machine understandable string that gives the reason for this event."),
            Columns.string("Object", "The object that this event is about."),
            Columns.string("Subobject", "The part of the object the event is about, e.g. a container.").wide(),
            Columns.string("Source", "The component reporting this event.").wide(),
            Columns.string("Message", "A human-readable description of the status of this operation."),
            Columns.string("First Seen", "The time at which the event was first recorded.").wide(),
            Columns.string("Count", "The number of times this event has occurred.").wide(),
            new Column("Name", "string", "name", "Name must be unique within a namespace.", 1));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode event, Instant now) {
        // Events written through events.k8s.io carry eventTime and series instead of the core timestamps.
        String firstSeen = Timestamps.parse(event.path("firstTimestamp")).isPresent()
                ? Timestamps.since(event.path("firstTimestamp"), now)
                : Timestamps.since(event.path("eventTime"), now);
        String lastSeen = Timestamps.parse(event.path("lastTimestamp")).isPresent()
                ? Timestamps.since(event.path("lastTimestamp"), now)
                : firstSeen;
        long count = event.path("count").asLong(0);
        JsonNode series = event.path("series");
        if (series.isObject()) {
            lastSeen = Timestamps.since(series.path("lastObservedTime"), now);
            count = series.path("count").asLong(0);
        } else if (count == 0) {
            count = 1;
        }
        JsonNode involved = event.path("involvedObject");
        return List.of(
                lastSeen,
                Fields.text(event, "type"),
                Fields.text(event, "reason"),
                target(involved),
                Fields.text(involved, "fieldPath"),
                source(event),
                Fields.text(event, "message").strip(),
                firstSeen,
                count,
                Fields.name(event));
    }

    /** "pod/web-0", or just the kind when the event names no object. */
    private static String target(JsonNode involved) {
        String kind = Fields.text(involved, "kind").toLowerCase(Locale.ROOT);
        String name = Fields.text(involved, "name");
        return name.isEmpty() ? kind : kind + "/" + name;
    }

    /** "kubelet, node-1": the component and host, falling back to the newer reporting fields. */
    private static String source(JsonNode event) {
        String component = Fields.textOr(Fields.text(event, "reportingComponent"), event, "source", "component");
        String host = Fields.textOr(Fields.text(event, "reportingInstance"), event, "source", "host");
        return host.isEmpty() ? component : component + ", " + host;
    }
}
