package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** NAME ENDPOINTS AGE, endpoints as "10.0.0.1:80,10.0.0.2:80 + 3 more...". */
final class EndpointsPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Endpoints", "The set of all endpoints is the union of all subsets."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ep, Instant now) {
        return List.of(Fields.name(ep), endpoints(ep.path("subsets")), Fields.age(ep, now));
    }

    /** Ready addresses, each paired with every port of its subset; bare IPs for port-less (headless) subsets. */
    static String endpoints(JsonNode subsets) {
        if (Fields.size(subsets) == 0) {
            return LabelText.NONE;
        }
        ShortList list = new ShortList();
        for (JsonNode subset : subsets) {
            JsonNode addresses = subset.path("addresses");
            if (Fields.size(subset.path("ports")) == 0) {
                addresses.forEach(a -> list.add(a.path("ip").asText("")));
                continue;
            }
            for (JsonNode port : subset.path("ports")) {
                long number = port.path("port").asLong(0);
                addresses.forEach(a -> list.add(hostPort(a.path("ip").asText(""), number)));
            }
        }
        // Subsets with only not-ready addresses print as an empty cell, not <none>.
        return list.render("");
    }

    /** As Go's net.JoinHostPort: IPv6 addresses are bracketed. */
    private static String hostPort(String ip, long port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
