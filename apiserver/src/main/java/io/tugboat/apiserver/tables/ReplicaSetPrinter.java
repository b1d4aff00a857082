package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** NAME DESIRED CURRENT READY AGE; wide: CONTAINERS IMAGES SELECTOR. */
final class ReplicaSetPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "Replicas is the number of desired replicas."),
            Columns.integer("Current", "Replicas is the most recently observed number of replicas."),
            Columns.integer("Ready", "The number of ready replicas for this replica set."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.string("Selector", "Selector is a label query over pods that should match the replica count.")
                    .wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode rs, Instant now) {
        JsonNode spec = rs.path("spec");
        JsonNode status = rs.path("status");
        List<Object> cells = new ArrayList<>(List.of(
                Fields.name(rs),
                Replicas.desired(spec),
                status.path("replicas").asLong(0),
                status.path("readyReplicas").asLong(0),
                Fields.age(rs, now)));
        cells.addAll(ContainerCells.of(spec.path("template").path("spec")));
        cells.add(LabelText.formatSelector(spec.path("selector")));
        return List.copyOf(cells);
    }
}
