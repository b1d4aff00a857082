package io.tugboat.scheduler;

import io.tugboat.scheduler.snapshot.PodInfo;
import java.util.List;

/** The outcome of scheduling one pod. */
public sealed interface ScheduleResult {

    /** Bind the pod to {@code nodeName}. */
    record Placed(String nodeName, ScoreDetails score) implements ScheduleResult {
    }

    /** The pod fits nowhere and preemption cannot help; {@code error.message()} is the PodScheduled=False message. */
    record Unschedulable(FitError error) implements ScheduleResult {
        public String message() {
            return error.message();
        }
    }

    /**
     * The pod fits nowhere now, but will on {@code nodeName} once {@code victims} (all of lower priority) are
     * evicted: nominate the node, delete the victims, and schedule the pod again. {@code error} says why it
     * did not fit before preemption.
     */
    record Preempt(String nodeName, List<PodInfo> victims, FitError error) implements ScheduleResult {
        public Preempt {
            victims = List.copyOf(victims);
        }
    }
}
