package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * NAME CREATED AT: Kubernetes' default table convertor, used for kinds without a printer of their
 * own (Role, ClusterRole, Tugboat's kinds). The cell is the RFC 3339 timestamp, not an age: kubectl
 * prints it as given.
 */
final class MetadataPrinter implements KindPrinter {

    /** What Go prints for an unset creationTimestamp. */
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            new Column("Created At", "date", "",
                    "CreationTimestamp is a timestamp representing the server time when this object was created.", 0));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
        String created = Timestamps.parse(object.path("metadata").path("creationTimestamp"))
                .map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString())
                .orElse(GO_ZERO_TIME);
        return List.of(Fields.name(object), created);
    }
}
