package io.tugboat.scheduler.framework;

import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.PodInfo;

/** A filter extension point, as kube-scheduler's PreFilter + Filter. */
public interface FilterPlugin {

    String name();

    /**
     * Does the per-pod work once (kube's PreFilter) and returns the per-node check, or null when the plugin
     * has nothing to check for this pod (kube's Skip), so the hot loop does not even call it.
     */
    PodFilter prepare(PodInfo pod, ClusterSnapshot snapshot);
}
