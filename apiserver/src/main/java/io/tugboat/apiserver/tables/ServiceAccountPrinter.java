package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME SECRETS AGE. */
final class ServiceAccountPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Secrets", "The number of secrets the service account may use."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode sa, Instant now) {
        return List.of(Fields.name(sa), Fields.size(sa.path("secrets")), Fields.age(sa, now));
    }
}
