package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** What one sync of a DaemonSet does: nodes to create a daemon pod on, pods to delete. */
record DaemonPlan(List<String> createOn, List<Pod> delete) {
}
