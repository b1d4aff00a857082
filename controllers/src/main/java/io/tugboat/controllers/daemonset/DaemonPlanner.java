package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.controllers.support.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube's DaemonSet sync as a pure function: a daemon pod on every node that should run one and on no other
 * (kube's podsShouldBeOnNode), then, for RollingUpdate, old-revision pods replaced within maxUnavailable, or
 * with maxSurge by starting the new pod beside the old one and deleting the old once the new is available.
 * A node whose pod is terminating gets no new one until it is gone, so two daemons never overlap unasked.
 */
final class DaemonPlanner {

    /** The rollout limits, already resolved against desiredNumberScheduled. */
    record Limits(boolean rollingUpdate, int maxUnavailable, int maxSurge, int minReadySeconds) {
    }

    private DaemonPlanner() {
    }

    /**
     * @param shouldRun every existing node, whether it should run the daemon
     * @param byNode    the set's pods by spec.nodeName (nodes that no longer exist included)
     */
    static DaemonPlan plan(Map<String, Boolean> shouldRun, Map<String, NodePods> byNode, String revision, Limits limits, Instant now) {
        List<String> create = new ArrayList<>();
        List<Pod> delete = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (var entry : byNode.entrySet()) {
            if (!shouldRun.getOrDefault(entry.getKey(), false)) {
                delete.addAll(entry.getValue().running()); // misscheduled, or its node is gone
                delete.addAll(entry.getValue().terminal());
            }
        }
        for (var entry : shouldRun.entrySet()) {
            if (!entry.getValue()) {
                continue;
            }
            String node = entry.getKey();
            NodePods pods = byNode.getOrDefault(node, new NodePods(List.of()));
            if (!pods.terminal().isEmpty()) {
                delete.addAll(pods.terminal()); // replaced once it is gone
                touched.add(node);
            }
            List<Pod> running = pods.running();
            if (running.isEmpty()) {
                if (pods.pods().isEmpty()) {
                    create.add(node);
                }
                touched.add(node);
                continue;
            }
            List<Pod> extra = extras(running, revision, limits.maxSurge() > 0);
            if (!extra.isEmpty()) {
                delete.addAll(extra);
                touched.add(node);
            }
        }
        if (limits.rollingUpdate()) {
            rollingUpdate(shouldRun, byNode, touched, revision, limits, now, create, delete);
        }
        return new DaemonPlan(create, delete);
    }

    /** More than one daemon on a node: keep the oldest, or with surge the oldest of each revision. */
    private static List<Pod> extras(List<Pod> running, String revision, boolean surge) {
        List<Pod> extra = new ArrayList<>();
        boolean keptNew = false;
        boolean keptOld = false;
        boolean keptAny = false;
        for (Pod pod : running) {
            boolean isNew = revision.equals(DaemonPods.revisionOf(pod));
            if (surge ? !(isNew ? keptNew : keptOld) : !keptAny) {
                keptAny = true;
                keptNew |= isNew;
                keptOld |= !isNew;
            } else {
                extra.add(pod);
            }
        }
        return extra;
    }

    private static void rollingUpdate(Map<String, Boolean> shouldRun, Map<String, NodePods> byNode, Set<String> touched, String revision,
                                      Limits limits, Instant now, List<String> create, List<Pod> delete) {
        int unavailable = 0;
        int surging = 0;
        for (var entry : shouldRun.entrySet()) {
            if (!entry.getValue()) {
                continue;
            }
            NodePods pods = byNode.getOrDefault(entry.getKey(), new NodePods(List.of()));
            if (!pods.available(revision, limits.minReadySeconds(), now)) {
                unavailable++;
            }
            if (pods.newest(revision).isPresent() && pods.oldRevision(revision).isPresent()) {
                surging++;
            }
        }
        for (var entry : shouldRun.entrySet()) {
            String node = entry.getKey();
            if (!entry.getValue() || touched.contains(node)) {
                continue;
            }
            NodePods pods = byNode.get(node);
            var old = pods.oldRevision(revision);
            if (old.isEmpty()) {
                continue;
            }
            var fresh = pods.newest(revision);
            boolean oldAvailable = Pods.isAvailable(old.get(), limits.minReadySeconds(), now);
            if (limits.maxSurge() > 0) {
                if (fresh.isPresent()) {
                    if (Pods.isAvailable(fresh.get(), limits.minReadySeconds(), now)) {
                        delete.add(old.get()); // the new daemon has taken over
                    }
                } else if (!oldAvailable) {
                    delete.add(old.get()); // nothing to keep available: replace outright
                } else if (surging < limits.maxSurge()) {
                    create.add(node);
                    surging++;
                }
            } else if (!oldAvailable) {
                delete.add(old.get()); // already unavailable: replacing it costs nothing
            } else if (unavailable < limits.maxUnavailable()) {
                delete.add(old.get());
                unavailable++;
            }
        }
    }
}
