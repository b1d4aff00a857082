package io.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The order of a merged list, as strategic merge patch decides it: items the patch names keep the patch's order
 * (or {@code $setElementOrder}'s), items only the server has keep theirs, and the two are interleaved by the
 * server's order where both are known. This is what keeps a container's env in the order the user wrote it while
 * an env var a webhook added stays where it was.
 */
final class ListOrder {

    private ListOrder() {
    }

    /**
     * @param patchItems  merged items the patch named
     * @param serverOnly  merged items only the original had
     * @param patchOrder  the order wanted for patch items
     * @param serverOrder the original list, whose order server-only items keep
     * @param key         an item's identity; {@code null} for an item without one
     */
    static List<JsonNode> normalize(List<JsonNode> patchItems, List<JsonNode> serverOnly, List<JsonNode> patchOrder,
            List<JsonNode> serverOrder, Function<JsonNode, Object> key) {
        List<JsonNode> patchSorted = sortBy(patchItems, positions(patchOrder, key), key);
        Map<Object, Integer> serverPositions = positions(serverOrder, key);
        List<JsonNode> serverSorted = sortBy(serverOnly, serverPositions, key);
        return interleave(serverSorted, patchSorted, serverPositions, key);
    }

    /** Splits items into those whose identity occurs in {@code by} and the rest, keeping their order. */
    static Partition partition(List<JsonNode> items, List<JsonNode> by, Function<JsonNode, Object> key) {
        Map<Object, Integer> present = positions(by, key);
        List<JsonNode> in = new ArrayList<>();
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            Object k = key.apply(item);
            (k != null && present.containsKey(k) ? in : out).add(item);
        }
        return new Partition(in, out);
    }

    record Partition(List<JsonNode> present, List<JsonNode> absent) {
    }

    private static Map<Object, Integer> positions(List<JsonNode> order, Function<JsonNode, Object> key) {
        Map<Object, Integer> positions = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            Object k = key.apply(order.get(i));
            if (k != null) {
                positions.putIfAbsent(k, i);
            }
        }
        return positions;
    }

    /**
     * Sorts the items found in {@code positions} among the slots they occupy; items not found stay in place. (A
     * comparator treating unknown items as equal to everything would not be a valid ordering.)
     */
    private static List<JsonNode> sortBy(List<JsonNode> items, Map<Object, Integer> positions,
            Function<JsonNode, Object> key) {
        List<Integer> slots = new ArrayList<>();
        List<JsonNode> known = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (indexOf(items.get(i), positions, key) >= 0) {
                slots.add(i);
                known.add(items.get(i));
            }
        }
        known.sort((a, b) -> Integer.compare(indexOf(a, positions, key), indexOf(b, positions, key)));
        List<JsonNode> result = new ArrayList<>(items);
        for (int i = 0; i < slots.size(); i++) {
            result.set(slots.get(i), known.get(i));
        }
        return result;
    }

    /**
     * Inserts server-only items among patch items: a server-only item goes before a patch item only when the server
     * had it earlier. The relative order within each list is kept.
     */
    private static List<JsonNode> interleave(List<JsonNode> serverOnly, List<JsonNode> patch,
            Map<Object, Integer> serverPositions, Function<JsonNode, Object> key) {
        List<JsonNode> result = new ArrayList<>(serverOnly.size() + patch.size());
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < patch.size()) {
            if (i >= serverOnly.size()) {
                result.add(patch.get(j++));
            } else if (j >= patch.size()) {
                result.add(serverOnly.get(i++));
            } else {
                int left = indexOf(serverOnly.get(i), serverPositions, key);
                int right = indexOf(patch.get(j), serverPositions, key);
                if (left >= 0 && right >= 0 && left < right) {
                    result.add(serverOnly.get(i++));
                } else {
                    result.add(patch.get(j++));
                }
            }
        }
        return result;
    }

    private static int indexOf(JsonNode item, Map<Object, Integer> positions, Function<JsonNode, Object> key) {
        Object k = key.apply(item);
        Integer position = k == null ? null : positions.get(k);
        return position == null ? -1 : position;
    }
}
