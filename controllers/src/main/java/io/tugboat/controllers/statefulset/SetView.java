package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A StatefulSet's pods split as kube's updateStatefulSet does: members (ordinal below replicas) by ordinal,
 * and condemned pods (ordinal at or above replicas), highest ordinal first.
 */
record SetView(int replicas, Map<Integer, Pod> members, List<Pod> condemned) {

    static SetView of(String set, int replicas, List<Pod> owned) {
        Map<Integer, Pod> members = new TreeMap<>();
        List<Pod> condemned = new java.util.ArrayList<>();
        for (Pod pod : owned) {
            var ordinal = StatefulPods.ordinalOf(set, pod);
            if (ordinal.isEmpty()) {
                continue; // a pod of ours with a foreign name is no member: kube ignores it too
            }
            if (ordinal.getAsInt() < replicas) {
                members.put(ordinal.getAsInt(), pod);
            } else {
                condemned.add(pod);
            }
        }
        condemned.sort(Comparator.comparingInt((Pod p) -> StatefulPods.ordinalOf(set, p).getAsInt()).reversed());
        return new SetView(replicas, members, condemned);
    }
}
