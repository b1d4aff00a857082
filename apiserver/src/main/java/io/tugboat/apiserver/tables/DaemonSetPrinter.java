package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE; wide: CONTAINERS IMAGES SELECTOR. */
final class DaemonSetPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Desired", "The total number of nodes that should be running the daemon pod."),
            Columns.integer("Current", "The number of nodes running at least one daemon pod that should."),
            Columns.integer("Ready", "The number of nodes whose daemon pod is ready."),
            Columns.integer("Up-to-date", "The number of nodes running the updated daemon pod."),
            Columns.integer("Available", "The number of nodes whose daemon pod is available."),
            Columns.string("Node Selector", "The node labels the daemon pods are restricted to."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.string("Selector", "A label query over pods that are managed by the daemon set.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ds, Instant now) {
        JsonNode spec = ds.path("spec");
        JsonNode status = ds.path("status");
        JsonNode podSpec = spec.path("template").path("spec");
        List<Object> cells = new ArrayList<>(List.of(
                Fields.name(ds),
                status.path("desiredNumberScheduled").asLong(0),
                status.path("currentNumberScheduled").asLong(0),
                status.path("numberReady").asLong(0),
                status.path("updatedNumberScheduled").asLong(0),
                status.path("numberAvailable").asLong(0),
                LabelText.labels(podSpec.path("nodeSelector")),
                Fields.age(ds, now)));
        cells.addAll(ContainerCells.of(podSpec));
        cells.add(LabelText.formatSelector(spec.path("selector")));
        return List.copyOf(cells);
    }
}
