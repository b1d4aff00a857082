/**
 * kube-scheduler's default plugins, one class each, with kube's reason strings: NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit (with LeastAllocated scoring),
 * NodeResourcesBalancedAllocation, PodTopologySpread and InterPodAffinity.
 */
package io.tugboat.scheduler.plugins;
