package io.tugboat.controllers.endpoints;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube's EndpointSlice reconciler as a pure function: endpoints are grouped by the ports their pods resolve to
 * (one group, one or more slices), existing slices keep the endpoints still wanted (updated in place), new
 * endpoints go first into slices being rewritten anyway, then into the unchanged slice they fill best, then into
 * new slices of at most {@code maxPerSlice}. A slice left empty is deleted, but a create in the same plan reuses it
 * instead; a service with no endpoints at all keeps one empty placeholder slice, as kube's does. Slices that are
 * not owned by the service as it is now (an older service of that name) are deleted.
 */
public final class SlicePlanner {

    /** kube's default --max-endpoints-per-slice. */
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;

    private SlicePlanner() {
    }

    /** The endpoints wanted, grouped by their pods' resolved port lists (in the service's port order), in pod-name order. */
    static Map<List<PortSpec>, List<SliceEndpoint>> desired(List<PodEndpoint> pods, boolean publishNotReady) {
        Map<List<PortSpec>, List<SliceEndpoint>> groups = new LinkedHashMap<>();
        for (PodEndpoint pod : pods) {
            groups.computeIfAbsent(pod.ports(), k -> new ArrayList<>()).add(SliceEndpoint.of(pod, publishNotReady));
        }
        return groups;
    }

    public static SlicePlan plan(Map<List<PortSpec>, List<SliceEndpoint>> desired, List<CurrentSlice> existing,
            Map<String, String> labels, int maxPerSlice) {
        Writes writes = new Writes();
        Map<List<PortSpec>, List<CurrentSlice>> existingByPorts = new LinkedHashMap<>();
        for (CurrentSlice slice : existing.stream().sorted(Comparator.comparing(CurrentSlice::name)).toList()) {
            if (slice.owned()) {
                existingByPorts.computeIfAbsent(PortSpec.canonical(slice.content().ports()), k -> new ArrayList<>()).add(slice);
            } else {
                writes.deletes.add(slice.name());
            }
        }
        Set<List<PortSpec>> wanted = new HashSet<>();
        for (var group : desired.entrySet()) {
            List<PortSpec> key = PortSpec.canonical(group.getKey());
            wanted.add(key);
            new GroupPlan(group.getKey(), group.getValue(), labels, maxPerSlice, writes)
                    .apply(existingByPorts.getOrDefault(key, List.of()));
        }
        existingByPorts.forEach((key, slices) -> {
            if (!wanted.contains(key)) {
                slices.forEach(s -> writes.deletes.add(s.name()));
            }
        });
        if (existing.size() == writes.deletes.size() && writes.creates.isEmpty()) {
            keepOrCreatePlaceholder(existing, labels, writes);
        }
        reuseDeletedForCreates(existing, writes);
        return new SlicePlan(writes.creates, writes.updates, writes.deletes);
    }

    private static void keepOrCreatePlaceholder(List<CurrentSlice> existing, Map<String, String> labels, Writes writes) {
        SliceContent placeholder = new SliceContent(List.of(), List.of(), labels);
        boolean alreadyThere = writes.deletes.size() == 1 && existing.stream()
                .anyMatch(s -> s.owned() && s.name().equals(writes.deletes.get(0)) && s.content().equals(placeholder));
        if (alreadyThere) {
            writes.deletes.clear();
        } else {
            writes.creates.add(placeholder);
        }
    }

    /** kube's finalize: rather than delete one slice and create another, rewrite the one that would go. */
    private static void reuseDeletedForCreates(List<CurrentSlice> existing, Writes writes) {
        Set<String> owned = new HashSet<>();
        existing.stream().filter(CurrentSlice::owned).forEach(s -> owned.add(s.name()));
        for (Iterator<String> it = writes.deletes.iterator(); it.hasNext() && !writes.creates.isEmpty(); ) {
            String name = it.next();
            if (owned.contains(name)) {
                writes.updates.put(name, writes.creates.removeLast());
                it.remove();
            }
        }
    }

    private static final class Writes {
        final List<SliceContent> creates = new ArrayList<>();
        final Map<String, SliceContent> updates = new LinkedHashMap<>();
        final List<String> deletes = new ArrayList<>();
    }

    /** The slices of one port group: kube's reconcileByPortMapping. */
    private static final class GroupPlan {
        private final List<PortSpec> ports;
        private final Map<String, String> labels;
        private final int max;
        private final Writes writes;
        private final Map<SliceEndpoint.Key, SliceEndpoint> remaining = new LinkedHashMap<>();
        /** Slices being rewritten, by name, with their endpoints so far. */
        private final Map<String, List<SliceEndpoint>> rewritten = new LinkedHashMap<>();
        private final Map<String, List<PortSpec>> portsOf = new LinkedHashMap<>();
        private final Map<String, List<SliceEndpoint>> unchanged = new LinkedHashMap<>();

        GroupPlan(List<PortSpec> ports, List<SliceEndpoint> endpoints, Map<String, String> labels, int max, Writes writes) {
            this.ports = ports;
            this.labels = labels;
            this.max = max;
            this.writes = writes;
            endpoints.forEach(e -> remaining.put(e.key(), e));
        }

        void apply(List<CurrentSlice> slices) {
            slices.forEach(this::keepWanted);
            fillRewritten();
            placeLeftovers();
            rewritten.forEach((name, endpoints) -> writes.updates.put(name, new SliceContent(portsOf.get(name), endpoints, labels)));
        }

        /** Keeps an existing slice's endpoints that are still wanted, in their desired form. */
        private void keepWanted(CurrentSlice slice) {
            List<SliceEndpoint> current = slice.content().endpoints();
            List<SliceEndpoint> kept = new ArrayList<>();
            boolean changed = false;
            for (SliceEndpoint endpoint : current) {
                SliceEndpoint want = remaining.remove(endpoint.key());
                if (want != null) {
                    kept.add(want);
                    changed |= !want.equals(endpoint);
                }
            }
            portsOf.put(slice.name(), slice.content().ports());
            if (changed || kept.size() != current.size()) {
                if (kept.isEmpty()) {
                    writes.deletes.add(slice.name());
                } else {
                    rewritten.put(slice.name(), kept);
                }
            } else if (!slice.content().labels().equals(labels)) {
                rewritten.put(slice.name(), kept);
            } else {
                unchanged.put(slice.name(), kept);
            }
        }

        private void fillRewritten() {
            rewritten.values().stream().sorted(Comparator.comparingInt((List<SliceEndpoint> l) -> l.size()).reversed())
                    .forEach(this::fill);
        }

        private void placeLeftovers() {
            while (!remaining.isEmpty()) {
                String target = remaining.size() < max ? fullestThatFits() : null;
                if (target == null) {
                    List<SliceEndpoint> fresh = new ArrayList<>();
                    fill(fresh);
                    writes.creates.add(new SliceContent(ports, fresh, labels));
                } else {
                    List<SliceEndpoint> endpoints = unchanged.remove(target);
                    fill(endpoints);
                    rewritten.put(target, endpoints);
                }
            }
        }

        /** kube's getSliceToFill: the unchanged slice that the leftovers bring closest to full. */
        private String fullestThatFits() {
            String best = null;
            int bestRoom = max;
            for (var e : unchanged.entrySet()) {
                int room = max - (e.getValue().size() + remaining.size());
                if (room >= 0 && room < bestRoom) {
                    best = e.getKey();
                    bestRoom = room;
                }
            }
            return best;
        }

        private void fill(List<SliceEndpoint> slice) {
            Iterator<SliceEndpoint> it = remaining.values().iterator();
            while (it.hasNext() && slice.size() < max) {
                slice.add(it.next());
                it.remove();
            }
        }
    }
}
