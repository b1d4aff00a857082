/**
 * The scheduler as a pure library, in the manner of kube-scheduler's framework: {@link io.tugboat.scheduler.Scheduler}
 * places one pod on an immutable {@link io.tugboat.scheduler.snapshot.ClusterSnapshot} by running the filter
 * and score plugins of a {@link io.tugboat.scheduler.Profile}, and answers with a sealed
 * {@link io.tugboat.scheduler.ScheduleResult}: placed, preempt (victims to evict), or unschedulable with
 * kube's exact FitError message. No store, no threads, no I/O; randomness (tie-breaking) is injected.
 */
package io.tugboat.scheduler;
