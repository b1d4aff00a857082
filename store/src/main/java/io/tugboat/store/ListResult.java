package io.tugboat.store;

import java.util.List;

/**
 * A page of a range read, in key order. {@code revision} is the store revision the page was read at;
 * pass it back with the last key to read the next page consistently. {@code more} says whether keys
 * remain after the last one returned.
 */
public record ListResult(List<KeyValue> items, long revision, boolean more) {
    public ListResult {
        items = List.copyOf(items);
    }
}
