package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** NAME STATUS COMPLETIONS DURATION AGE; wide: CONTAINERS IMAGES SELECTOR. */
final class JobPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Status", "Status of the job."),
            Columns.string("Completions", "The number of pods which reached phase Succeeded."),
            Columns.string("Duration", "Time required to complete the job."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.string("Selector", "A label query over pods that should match the pod count.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode job, Instant now) {
        JsonNode spec = job.path("spec");
        List<Object> cells = new ArrayList<>(List.of(
                Fields.name(job),
                status(job),
                completions(spec, job.path("status").path("succeeded").asLong(0)),
                duration(job.path("status"), now),
                Fields.age(job, now)));
        cells.addAll(ContainerCells.of(spec.path("template").path("spec")));
        cells.add(LabelText.formatSelector(spec.path("selector")));
        return List.copyOf(cells);
    }

    /** Terminal conditions first, then deletion, then the conditions of a job that is held back. */
    private static String status(JsonNode job) {
        JsonNode conditions = job.path("status").path("conditions");
        if (isTrue(conditions, "Complete")) {
            return "Complete";
        }
        if (isTrue(conditions, "Failed")) {
            return "Failed";
        }
        if (Fields.isDeleting(job)) {
            return "Terminating";
        }
        if (isTrue(conditions, "Suspended")) {
            return "Suspended";
        }
        if (isTrue(conditions, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** Whether the first condition of this type is True. */
    private static boolean isTrue(JsonNode conditions, String type) {
        return "True".equals(Fields.firstWhere(conditions, "type", type).path("status").asText());
    }

    /** "1/3"; without a completion count a job needs one success, shown with its parallelism when above 1. */
    private static String completions(JsonNode spec, long succeeded) {
        JsonNode completions = spec.path("completions");
        if (completions.isNumber()) {
            return succeeded + "/" + completions.asLong();
        }
        long parallelism = spec.path("parallelism").asLong(0);
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    /** Start to completion, or start to now while running; blank before the job starts. */
    private static String duration(JsonNode status, Instant now) {
        Optional<Instant> start = Timestamps.parse(status.path("startTime"));
        if (start.isEmpty()) {
            return "";
        }
        Instant end = Timestamps.parse(status.path("completionTime")).orElse(now);
        return HumanDuration.format(Duration.between(start.get(), end));
    }
}
