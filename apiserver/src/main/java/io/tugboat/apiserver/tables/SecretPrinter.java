package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME TYPE DATA AGE. */
final class SecretPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Type", "Used to facilitate programmatic handling of secret data."),
            Columns.string("Data", "The number of keys in data."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode secret, Instant now) {
        // Opaque is what the API server defaults an untyped secret to.
        return List.of(Fields.name(secret), Fields.textOr("Opaque", secret, "type"),
                Fields.size(secret.path("data")), Fields.age(secret, now));
    }
}
