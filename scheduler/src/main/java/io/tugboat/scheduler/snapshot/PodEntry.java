package io.tugboat.scheduler.snapshot;

/** A pod in a snapshot together with the index of the node it is on. */
public record PodEntry(PodInfo pod, int node) {
}
