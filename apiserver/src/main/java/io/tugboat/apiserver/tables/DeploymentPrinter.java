package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** NAME READY UP-TO-DATE AVAILABLE AGE; wide: CONTAINERS IMAGES SELECTOR. */
final class DeploymentPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Ready", "Number of the pod with ready state"),
            Columns.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that "
                    + "have the desired template spec."),
            Columns.string("Available", "Total number of available pods (ready for at least minReadySeconds) "
                    + "targeted by this deployment."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.string("Selector", "Label selector for pods.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode deploy, Instant now) {
        JsonNode spec = deploy.path("spec");
        JsonNode status = deploy.path("status");
        List<Object> cells = new ArrayList<>(List.of(
                Fields.name(deploy),
                status.path("readyReplicas").asLong(0) + "/" + Replicas.desired(spec),
                status.path("updatedReplicas").asLong(0),
                status.path("availableReplicas").asLong(0),
                Fields.age(deploy, now)));
        cells.addAll(ContainerCells.of(spec.path("template").path("spec")));
        // Unlike other workloads, a deployment's selector cell is the bare selector string, "" when empty.
        cells.add(LabelText.selectorString(spec.path("selector")).orElse("<invalid>"));
        return List.copyOf(cells);
    }
}
