package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** What one sync of a StatefulSet does: ordinals to create and pods to delete (either may be empty). */
record SetPlan(List<Integer> create, List<Pod> delete) {

    static final SetPlan NOTHING = new SetPlan(List.of(), List.of());

    static SetPlan creating(List<Integer> ordinals) {
        return new SetPlan(List.copyOf(ordinals), List.of());
    }

    static SetPlan deleting(List<Pod> pods) {
        return new SetPlan(List.of(), List.copyOf(pods));
    }

    boolean isEmpty() {
        return create.isEmpty() && delete.isEmpty();
    }
}
