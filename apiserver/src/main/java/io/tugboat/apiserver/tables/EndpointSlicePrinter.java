package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
final class EndpointSlicePrinter implements KindPrinter {

    private static final String UNSET = "<unset>";

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("AddressType", "The type of address carried by this slice."),
            Columns.string("Ports", "The network ports exposed by each endpoint in this slice."),
            Columns.string("Endpoints", "The addresses of the endpoints in this slice."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode slice, Instant now) {
        return List.of(
                Fields.name(slice),
                Fields.text(slice, "addressType"),
                ports(slice.path("ports")),
                addresses(slice.path("endpoints")),
                Fields.age(slice, now));
    }

    /** Port numbers; a port without a number shows its name, and "*" stands for all ports. */
    private static String ports(JsonNode ports) {
        ShortList list = new ShortList();
        for (JsonNode p : ports) {
            JsonNode number = p.path("port");
            JsonNode name = p.path("name");
            list.add(number.isNumber() ? number.asText() : name.isTextual() ? name.asText() : "*");
        }
        return list.render(UNSET);
    }

    private static String addresses(JsonNode endpoints) {
        ShortList list = new ShortList();
        for (JsonNode endpoint : endpoints) {
            endpoint.path("addresses").forEach(a -> list.add(a.asText("")));
        }
        return list.render(UNSET);
    }
}
