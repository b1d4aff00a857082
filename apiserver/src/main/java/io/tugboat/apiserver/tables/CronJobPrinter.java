package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE; wide: CONTAINERS IMAGES SELECTOR. */
final class CronJobPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Schedule", "The schedule in Cron format."),
            Columns.string("Timezone", "The time zone name for the given schedule."),
            Columns.bool("Suspend", "Whether subsequent executions are suspended."),
            Columns.integer("Active", "The number of currently running jobs."),
            Columns.string("Last Schedule", "When the job was last successfully scheduled."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.string("Selector", "A label query over pods that should match the pod count.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode cj, Instant now) {
        JsonNode spec = cj.path("spec");
        JsonNode status = cj.path("status");
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        String lastSchedule = Timestamps.parse(status.path("lastScheduleTime")).isPresent()
                ? Timestamps.since(status.path("lastScheduleTime"), now)
                : LabelText.NONE;
        List<Object> cells = new ArrayList<>(List.of(
                Fields.name(cj),
                Fields.text(spec, "schedule"),
                Fields.textIfSet(LabelText.NONE, spec, "timeZone"),
                suspend(spec.path("suspend")),
                Fields.size(status.path("active")),
                lastSchedule,
                Fields.age(cj, now)));
        cells.addAll(ContainerCells.of(jobSpec.path("template").path("spec")));
        cells.add(LabelText.formatSelector(jobSpec.path("selector")));
        return List.copyOf(cells);
    }

    /** The cell is text, not a boolean: "True", "False", or "<unset>" for a missing field. */
    private static String suspend(JsonNode suspend) {
        if (!suspend.isBoolean()) {
            return "<unset>";
        }
        return suspend.asBoolean() ? "True" : "False";
    }
}
