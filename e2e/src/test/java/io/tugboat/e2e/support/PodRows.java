package io.tugboat.e2e.support;

import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugCluster;
import java.util.List;

/** Where a set of pods is and how they are, as one `kubectl get pods -o jsonpath` shows them. */
public final class PodRows {

    private PodRows() {
    }

    /**
     * The pods of the default namespace matching {@code labelSelector}, with {@code stateField} (a JSONPath within a
     * pod, e.g. {@code .status.phase}) as their state. None when kubectl fails, so that a poll simply goes on.
     */
    public static List<PodRow> list(TugCluster cluster, String labelSelector, String stateField) {
        CommandResult r = cluster.kubectl("get", "pods", "-l", labelSelector, "-o", "jsonpath={range .items[*]}"
                + "{.metadata.name} {.spec.nodeName} {" + stateField + "} {.metadata.deletionTimestamp}{\"\\n\"}{end}");
        if (!r.ok()) {
            return List.of();
        }
        // the output is not stripped: a trailing empty field is still a field
        return r.stdout().lines().filter(l -> !l.isBlank()).map(PodRows::row).toList();
    }

    private static PodRow row(String line) {
        String[] fields = line.split(" ", 4);
        if (fields.length != 4) {
            throw new AssertionError("not a row of name, node, state and deletion time: \"" + line + "\"");
        }
        return new PodRow(fields[0], fields[1], fields[2], fields[3]);
    }
}
