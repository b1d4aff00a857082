package io.tugboat.scheduler.snapshot;

/** A preferredDuringSchedulingIgnoredDuringExecution node affinity term with its weight. */
public record PreferredNodeTerm(int weight, NodeSelectorTerm term) {
}
