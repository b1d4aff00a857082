package io.tugboat.scheduler.plugins;

import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.snapshot.PreferredNodeTerm;
import io.tugboat.scheduler.snapshot.RequiredNodeAffinity;
import java.util.List;

/**
 * spec.nodeSelector and required node affinity filter (In, NotIn, Exists, DoesNotExist, Gt, Lt; matchFields on
 * metadata.name); preferred node affinity scores by the summed weights of the terms a node matches.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    public static final String NAME = "NodeAffinity";
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    private static final Rejection REJECTED = Rejection.unresolvable(NAME, REASON);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        RequiredNodeAffinity required = pod.requiredNodeAffinity();
        if (required == null) {
            return null;
        }
        return node -> required.matches(node.spec()) ? null : REJECTED;
    }

    @Override
    public PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count) {
        List<PreferredNodeTerm> preferred = pod.preferredNodeTerms();
        if (preferred.isEmpty()) {
            return null;
        }
        return new PodScorer() {
            @Override
            public long score(NodeInfo node) {
                long sum = 0;
                for (PreferredNodeTerm t : preferred) {
                    if (t.term().matches(node.spec())) {
                        sum += t.weight();
                    }
                }
                return sum;
            }

            @Override
            public void normalize(NodeInfo[] nodes, long[] scores, int count) {
                ScorePlugin.defaultNormalize(scores, count, false);
            }
        };
    }
}
