package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME STATUS AGE. */
final class NamespacePrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME, Columns.string("Status", "The status of the namespace"), Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ns, Instant now) {
        return List.of(Fields.name(ns), Fields.text(ns, "status", "phase"), Fields.age(ns, now));
    }
}
