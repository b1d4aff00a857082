package io.tugboat.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Toleration;
import io.tugboat.scheduler.framework.FilterPlugin;
import io.tugboat.scheduler.framework.PodFilter;
import io.tugboat.scheduler.framework.PodScorer;
import io.tugboat.scheduler.framework.Rejection;
import io.tugboat.scheduler.framework.ScorePlugin;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.NodeInfo;
import io.tugboat.scheduler.snapshot.PodInfo;
import io.tugboat.scheduler.snapshot.TaintInfo;
import java.util.List;

/**
 * Filters on NoSchedule/NoExecute taints the pod does not tolerate (reporting the first one, as kube does);
 * scores by the number of untolerated PreferNoSchedule taints, fewer being better.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot) {
        List<Toleration> tolerations = pod.tolerations();
        return node -> {
            if (!node.tainted()) {
                return null;
            }
            List<TaintInfo> taints = node.spec().taints();
            for (int i = 0; i < taints.size(); i++) {
                TaintInfo t = taints.get(i);
                if (t.blocksScheduling() && !t.toleratedByAny(tolerations)) {
                    return Rejection.unresolvable(NAME, t.reason());
                }
            }
            return null;
        };
    }

    @Override
    public PodScorer prepare(PodInfo pod, ClusterSnapshot snapshot, NodeInfo[] feasible, int count) {
        // Only tolerations that can apply to PreferNoSchedule count: those with that effect or none.
        List<Toleration> soft = pod.tolerations().stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(TaintInfo.PREFER_NO_SCHEDULE))
                .toList();
        return new PodScorer() {
            @Override
            public long score(NodeInfo node) {
                if (!node.tainted()) {
                    return 0;
                }
                long n = 0;
                List<TaintInfo> taints = node.spec().taints();
                for (int i = 0; i < taints.size(); i++) {
                    TaintInfo t = taints.get(i);
                    if (t.effect().equals(TaintInfo.PREFER_NO_SCHEDULE) && !t.toleratedByAny(soft)) {
                        n++;
                    }
                }
                return n;
            }

            @Override
            public void normalize(NodeInfo[] nodes, long[] scores, int count) {
                ScorePlugin.defaultNormalize(scores, count, true);
            }
        };
    }
}
