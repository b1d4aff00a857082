package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.tugboat.controllers.support.Times;
import java.time.Instant;
import java.util.Optional;

/** Whether a Job has finished and how, read from its conditions as kube's job util does. */
final class JobStates {

    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";

    private JobStates() {
    }

    /** "Complete" or "Failed" once the Job has finished. */
    static Optional<String> finishedAs(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> (COMPLETE.equals(c.getType()) || FAILED.equals(c.getType())) && "True".equals(c.getStatus()))
                .map(JobCondition::getType)
                .findFirst();
    }

    static boolean finished(Job job) {
        return finishedAs(job).isPresent();
    }

    static boolean succeeded(Job job) {
        return finishedAs(job).filter(COMPLETE::equals).isPresent();
    }

    static Optional<Instant> startTime(Job job) {
        return job.getStatus() == null ? Optional.empty() : Times.parse(job.getStatus().getStartTime());
    }
}
