package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One page of a list: the items, the revision they were read at, and the token for the next page (or null). */
public record ListPage(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount) {
    public ListPage {
        items = List.copyOf(items);
    }
}
