package io.tugboat.controllers.endpoints;

import java.util.List;
import java.util.Map;

/** The writes that bring a service's slices to the desired state: new slices, slices rewritten by name, slices deleted. */
public record SlicePlan(List<SliceContent> creates, Map<String, SliceContent> updates, List<String> deletes) {

    public SlicePlan {
        creates = List.copyOf(creates);
        updates = Map.copyOf(updates);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }
}
