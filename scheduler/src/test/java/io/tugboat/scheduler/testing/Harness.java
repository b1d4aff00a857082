package io.tugboat.scheduler.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.scheduler.Profile;
import io.tugboat.scheduler.ScheduleResult;
import io.tugboat.scheduler.Scheduler;
import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A snapshot being built up plus a scheduler over it; records every placement, as Nomad's Harness records plans. */
public final class Harness {

    private ClusterSnapshot snapshot;
    private final Scheduler scheduler;
    public final List<String> placements = new ArrayList<>();

    public Harness(List<Node> nodes, Pod... existing) {
        this(Profile.defaults(), nodes, existing);
    }

    public Harness(Profile profile, List<Node> nodes, Pod... existing) {
        this.snapshot = ClusterSnapshot.builder().nodes(nodes).pods(List.of(existing)).build();
        this.scheduler = new Scheduler(profile, new SplittableRandom(42));
    }

    public static List<Node> all(List<Node>... groups) {
        List<Node> out = new ArrayList<>();
        for (List<Node> g : groups) {
            out.addAll(g);
        }
        return out;
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    public Harness namespace(String name, Map<String, String> labels) {
        ClusterSnapshot.Builder b = ClusterSnapshot.builder().namespace(name, labels);
        // Rebuild with the namespace: snapshots are immutable, so tests set namespaces before placing pods.
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (NodeInfo n : snapshot.nodes()) {
            nodes.add(n.spec().node());
            for (PodInfo p : n.pods()) {
                Pod copy = new io.fabric8.kubernetes.api.model.PodBuilder(p.pod()).editSpec().withNodeName(n.name()).endSpec().build();
                pods.add(copy);
            }
        }
        snapshot = b.nodes(nodes).pods(pods).build();
        return this;
    }

    /** Schedules the pod and, when placed, applies the placement to the snapshot. */
    public ScheduleResult schedule(Pod pod) {
        PodInfo info = PodInfo.of(pod);
        ScheduleResult r = scheduler.schedule(info, snapshot);
        if (r instanceof ScheduleResult.Placed p) {
            snapshot = snapshot.withPod(info, p.nodeName());
            placements.add(info.name() + "->" + p.nodeName());
        }
        return r;
    }

    public String place(Pod pod) {
        ScheduleResult r = schedule(pod);
        if (r instanceof ScheduleResult.Placed p) {
            return p.nodeName();
        }
        throw new AssertionError("expected a placement for " + pod.getMetadata().getName() + ", got " + r);
    }

    public String unschedulable(Pod pod) {
        ScheduleResult r = schedule(pod);
        if (r instanceof ScheduleResult.Unschedulable u) {
            return u.message();
        }
        throw new AssertionError("expected Unschedulable for " + pod.getMetadata().getName() + ", got " + r);
    }

    /** Runs one filter plugin alone over every node: node name to rejection (null when it passes). */
    public Map<String, Rejection> filter(FilterPlugin plugin, Pod pod) {
        PodFilter f = plugin.prepare(PodInfo.of(pod), snapshot);
        Map<String, Rejection> out = new LinkedHashMap<>();
        for (NodeInfo n : snapshot.nodes()) {
            out.put(n.name(), f == null ? null : f.filter(n));
        }
        return out;
    }

    /** Runs one score plugin alone over every node, normalized: node name to score, or empty when it skips. */
    public Map<String, Long> score(ScorePlugin plugin, Pod pod) {
        NodeInfo[] nodes = snapshot.nodes().toArray(new NodeInfo[0]);
        PodScorer s = plugin.prepare(PodInfo.of(pod), snapshot, nodes, nodes.length);
        Map<String, Long> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        long[] scores = new long[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            scores[i] = s.score(nodes[i]);
        }
        s.normalize(nodes, scores, nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            out.put(nodes[i].name(), scores[i]);
        }
        return out;
    }
}
