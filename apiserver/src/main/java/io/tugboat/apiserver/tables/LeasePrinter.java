package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME HOLDER AGE. */
final class LeasePrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Holder", "The identity of the holder of a current lease."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode lease, Instant now) {
        return List.of(Fields.name(lease), Fields.text(lease, "spec", "holderIdentity"), Fields.age(lease, now));
    }
}
