package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The table columns of one kind and how to fill them from an object. Cells always include the
 * wide (priority 1) columns: the server sends every column and kubectl hides the wide ones itself.
 */
public interface KindPrinter {

    List<Column> columns();

    /**
     * One row: String, Long or Boolean cells in the order of {@link #columns()}.
     *
     * @param now the instant ages are measured to, passed in so rows are reproducible
     */
    List<Object> cells(ObjectNode object, Instant now);
}
