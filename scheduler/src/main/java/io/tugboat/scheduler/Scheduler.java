package io.tugboat.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Places one pod at a time on a {@link ClusterSnapshot}, as kube-scheduler's scheduling cycle: prepare the
 * filters, check nodes round-robin from where the last pod stopped until enough feasible ones are found
 * (percentageOfNodesToScore), score those, pick the best (ties broken by reservoir sampling from the injected
 * random generator); when no node fits, try preemption. Pure: it reads the snapshot and changes nothing; the
 * caller applies a placement with {@link ClusterSnapshot#withPod}.
 *
 * <p>Not thread-safe: it keeps the next start index and scratch arrays between calls, as kube's single
 * scheduling loop does. Use one instance per loop.
 */
public final class Scheduler {

    private final Profile profile;
    private final RandomGenerator random;
    private final Preemption preemption;
    private int nextStartNodeIndex;
    // Scratch reused from pod to pod (this class is single-threaded): at 5,000 nodes a fresh set per pod
    // would be most of the allocation of a placement.
    private Rejection[] rejections = new Rejection[0];
    private NodeInfo[] feasible = new NodeInfo[0];
    private long[] total = new long[0];
    private long[][] weighted = new long[0][];

    public Scheduler(Profile profile, RandomGenerator random) {
        this.profile = profile;
        this.random = random;
        this.preemption = new Preemption(profile);
    }

    public Profile profile() {
        return profile;
    }

    public ScheduleResult schedule(Pod pod, ClusterSnapshot snapshot) {
        return schedule(PodInfo.of(pod), snapshot);
    }

    public ScheduleResult schedule(PodInfo pod, ClusterSnapshot snapshot) {
        int n = snapshot.nodeCount();
        if (n == 0) {
            return new ScheduleResult.Unschedulable(new FitError(0, Map.of(), null));
        }
        PodFilter[] filters = prepareFilters(profile, pod, snapshot);
        int toFind = profile.numFeasibleNodesToFind(n);
        if (rejections.length < n) {
            rejections = new Rejection[n];
        }
        if (feasible.length < toFind) {
            feasible = new NodeInfo[toFind];
        }
        int start = nextStartNodeIndex % n;
        int found = 0;
        int processed = 0;
        for (int i = 0; i < n && found < toFind; i++) {
            NodeInfo node = snapshot.node((start + i) % n);
            processed++;
            Rejection r = check(filters, node);
            if (r == null) {
                feasible[found++] = node;
            } else {
                rejections[node.index()] = r;
            }
        }
        nextStartNodeIndex = (start + processed) % n;
        if (found == 0) {
            // Every node was checked and refused, so every slot of this call is filled.
            Map<String, Rejection> byNode = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                byNode.put(snapshot.node(i).name(), rejections[i]);
            }
            return preemption.preempt(pod, snapshot, new FitError(n, byNode, null));
        }
        if (found == 1) {
            // kube skips scoring when one node is left: there is nothing to rank.
            String only = feasible[0].name();
            feasible[0] = null;
            return new ScheduleResult.Placed(only, new ScoreDetails(0, Map.of(), 1, processed));
        }
        return select(pod, snapshot, feasible, found, processed);
    }

    private ScheduleResult select(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count, int processed) {
        List<Profile.WeightedScore> plugins = profile.scores();
        if (total.length < count) {
            total = new long[count];
            weighted = new long[plugins.size()][count];
        }
        java.util.Arrays.fill(total, 0, count, 0L);
        boolean[] scored = new boolean[plugins.size()];
        for (int p = 0; p < plugins.size(); p++) {
            Profile.WeightedScore ws = plugins.get(p);
            PodScorer scorer = ws.plugin().prepare(pod, snapshot, feasible, count);
            if (scorer == null) {
                continue;
            }
            scored[p] = true;
            long[] scores = weighted[p];
            for (int j = 0; j < count; j++) {
                scores[j] = scorer.score(feasible[j]);
            }
            scorer.normalize(feasible, scores, count);
            for (int j = 0; j < count; j++) {
                scores[j] *= ws.weight();
                total[j] += scores[j];
            }
        }
        // Reservoir sampling over the best: every top-scoring node is equally likely, in one pass.
        int best = 0;
        int ties = 1;
        for (int j = 1; j < count; j++) {
            if (total[j] > total[best]) {
                best = j;
                ties = 1;
            } else if (total[j] == total[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = j;
                }
            }
        }
        Map<String, Long> byPlugin = new LinkedHashMap<>();
        for (int p = 0; p < plugins.size(); p++) {
            byPlugin.put(plugins.get(p).plugin().name(), scored[p] ? weighted[p][best] : 0L);
        }
        String chosen = feasible[best].name();
        java.util.Arrays.fill(feasible, 0, count, null); // keep no snapshot alive through the scratch array
        return new ScheduleResult.Placed(chosen, new ScoreDetails(total[best], byPlugin, count, processed));
    }

    static PodFilter[] prepareFilters(Profile profile, PodInfo pod, ClusterSnapshot snapshot) {
        List<PodFilter> out = new ArrayList<>(profile.filters().size());
        for (FilterPlugin f : profile.filters()) {
            PodFilter pf = f.prepare(pod, snapshot);
            if (pf != null) {
                out.add(pf);
            }
        }
        return out.toArray(new PodFilter[0]);
    }

    /** The first filter's refusal, or null when the node passes them all. */
    static Rejection check(PodFilter[] filters, NodeInfo node) {
        for (PodFilter f : filters) {
            Rejection r = f.filter(node);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
