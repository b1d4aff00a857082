package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * spec.successfulJobsHistoryLimit and spec.failedJobsHistoryLimit: which finished jobs to delete, oldest first by
 * start time (jobs that never started count as newest; equal times go by name), as kube's byJobStartTime orders them.
 */
final class JobHistory {

    static final Comparator<Job> OLDEST_FIRST = Comparator
            .comparing((Job j) -> JobStates.startTime(j).orElse(null), Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(j -> j.getMetadata().getName());

    private JobHistory() {
    }

    /**
     * The finished jobs beyond the limits, oldest first: the successful ones over {@code successfulLimit}, then the
     * failed ones over {@code failedLimit}. A null limit keeps every job of that kind; unfinished jobs are never chosen.
     */
    static List<Job> toDelete(List<Job> owned, Integer successfulLimit, Integer failedLimit) {
        List<Job> victims = new ArrayList<>(oldestBeyond(owned, JobStates.COMPLETE, successfulLimit));
        victims.addAll(oldestBeyond(owned, JobStates.FAILED, failedLimit));
        return victims;
    }

    private static List<Job> oldestBeyond(List<Job> owned, String finishedAs, Integer limit) {
        if (limit == null) {
            return List.of();
        }
        List<Job> finished = owned.stream()
                .filter(j -> JobStates.finishedAs(j).filter(finishedAs::equals).isPresent())
                .sorted(OLDEST_FIRST)
                .toList();
        int excess = finished.size() - Math.max(limit, 0);
        return excess <= 0 ? List.of() : finished.subList(0, excess);
    }
}
