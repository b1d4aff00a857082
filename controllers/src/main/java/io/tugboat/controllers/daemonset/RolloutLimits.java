package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;

/** kube's updatedDesiredNodeCounts: maxUnavailable (default 1) and maxSurge (default 0) against desiredNumberScheduled, percentages rounded up. */
final class RolloutLimits {

    private RolloutLimits() {
    }

    static boolean rollingUpdate(DaemonSet ds) {
        DaemonSetUpdateStrategy strategy = ds.getSpec().getUpdateStrategy();
        return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
    }

    static DaemonPlanner.Limits of(DaemonSet ds, int desired) {
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        if (!rollingUpdate(ds)) {
            return new DaemonPlanner.Limits(false, 0, 0, minReady);
        }
        var rolling = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int maxUnavailable = scaled(rolling == null ? null : rolling.getMaxUnavailable(), desired, 1);
        int maxSurge = scaled(rolling == null ? null : rolling.getMaxSurge(), desired, 0);
        if (maxUnavailable == 0 && maxSurge == 0) {
            maxUnavailable = 1; // kube: a roll that may do nothing would never finish
        }
        return new DaemonPlanner.Limits(true, maxUnavailable, maxSurge, minReady);
    }

    static int scaled(IntOrString value, int total, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            return fallback;
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceil(percent * (double) total / 100.0);
    }
}
