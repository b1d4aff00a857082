package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME DATA AGE, DATA counting both data and binaryData keys. */
final class ConfigMapPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME, Columns.string("Data", "The number of keys in data and binaryData."), Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode cm, Instant now) {
        long keys = Fields.size(cm.path("data")) + Fields.size(cm.path("binaryData"));
        return List.of(Fields.name(cm), keys, Fields.age(cm, now));
    }
}
