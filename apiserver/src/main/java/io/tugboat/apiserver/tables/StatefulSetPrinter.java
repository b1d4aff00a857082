package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** NAME READY AGE; wide: CONTAINERS IMAGES. */
final class StatefulSetPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Ready", "Number of the pod with ready state"),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode sts, Instant now) {
        JsonNode spec = sts.path("spec");
        List<Object> cells = new ArrayList<>(List.of(
                Fields.name(sts),
                sts.path("status").path("readyReplicas").asLong(0) + "/" + Replicas.desired(spec),
                Fields.age(sts, now)));
        cells.addAll(ContainerCells.of(spec.path("template").path("spec")));
        return List.copyOf(cells);
    }
}
