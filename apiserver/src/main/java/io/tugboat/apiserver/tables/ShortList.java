package io.tugboat.apiserver.tables;

import java.util.ArrayList;
import java.util.List;

/**
 * Up to three items joined with "," and a "+ N more..." tail, as kubectl shows endpoints and
 * endpoint-slice ports and addresses so that a row stays one line.
 */
final class ShortList {

    static final int MAX = 3;

    private final List<String> shown = new ArrayList<>();
    private int total;

    void add(String item) {
        if (shown.size() < MAX) {
            shown.add(item);
        }
        total++;
    }

    /** The joined items; {@code whenEmpty} when there were none. */
    String render(String whenEmpty) {
        if (total == 0) {
            return whenEmpty;
        }
        String joined = String.join(",", shown);
        return total > MAX ? joined + " + " + (total - MAX) + " more..." : joined;
    }
}
