package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one CronJob, as kube's cronjob controller v2 syncs it: prune the job history, bring status.active
 * up to date with the jobs it owns, then, unless suspended, start the job that is due (under the concurrency policy
 * and the starting deadline). Works on a copy of the status; the caller writes it back if it changed.
 */
final class CronJobSync {

    private static final Logger log = LoggerFactory.getLogger(CronJobSync.class);
    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    private final CronJobApi api;
    private final ScheduleParser parser;
    private final ZoneId defaultZone;
    private final Instant now;
    private CronJob cronJob;
    private CronJobStatus status;

    CronJobSync(CronJobApi api, ScheduleParser parser, ZoneId defaultZone, Instant now, CronJob cronJob) {
        this.api = api;
        this.parser = parser;
        this.defaultZone = defaultZone;
        this.now = now;
        rebase(cronJob);
    }

    /** The CronJob this sync worked from: the cached one, or a fresher read when the cache was behind. */
    CronJob base() {
        return cronJob;
    }

    /** The status as this sync left it. */
    CronJobStatus status() {
        return status;
    }

    /** Runs the steps; returns when to look again (the next scheduled time), or empty when only a change can help. */
    Optional<Duration> run(List<Job> owned) {
        pruneHistory(owned);
        trackJobs(owned);
        if (Owners.isDeleting(cronJob)) {
            return Optional.empty();
        }
        var spec = cronJob.getSpec();
        ZoneId zone = defaultZone;
        if (spec.getTimeZone() != null) {
            try {
                zone = ScheduleParser.zone(spec.getTimeZone());
            } catch (IllegalArgumentException e) {
                api.warningEvent(cronJob, "UnknownTimeZone", "invalid timeZone: \"%s\": %s".formatted(spec.getTimeZone(), e.getMessage()));
                return Optional.empty();
            }
        }
        if (Boolean.TRUE.equals(spec.getSuspend())) {
            return Optional.empty();
        }
        if (spec.getSchedule() != null && spec.getSchedule().contains("TZ")) {
            api.warningEvent(cronJob, "UnsupportedSchedule", ("CRON_TZ or TZ used in schedule \"%s\" is not officially supported, see "
                    + "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details").formatted(spec.getSchedule()));
        }
        Schedule schedule;
        try {
            schedule = parser.parse(spec.getSchedule(), zone);
        } catch (IllegalArgumentException e) {
            api.warningEvent(cronJob, "UnparseableSchedule", "unparseable schedule: \"%s\" : %s".formatted(spec.getSchedule(), e.getMessage()));
            return Optional.empty();
        }
        return startDue(schedule, spec.getTimeZone() == null ? ZoneOffset.UTC : zone);
    }

    private Optional<Duration> startDue(Schedule schedule, ZoneId annotationZone) {
        var spec = cronJob.getSpec();
        Long deadline = spec.getStartingDeadlineSeconds();
        ScheduleTimes.Due due = ScheduleTimes.due(schedule, ScheduleTimes.searchFrom(lastScheduledOrCreated(), now, deadline), now);
        if (due.exhausted()) {
            api.warningEvent(cronJob, "InvalidSchedule", "invalid schedule: %s : the schedule has no time after %s"
                    .formatted(spec.getSchedule(), Times.format(lastScheduledOrCreated())));
            return Optional.empty();
        }
        if (due.latest().isEmpty()) {
            return untilNext(schedule);
        }
        if (due.tooManyMissed()) {
            api.warningEvent(cronJob, "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
            log.info("cronjob {}/{}: too many missed times", cronJob.getMetadata().getNamespace(), cronJob.getMetadata().getName());
        }
        Instant scheduled = due.latest().get();
        if (ScheduleTimes.tooLate(scheduled, now, deadline)) {
            api.warningEvent(cronJob, "MissSchedule", "Missed scheduled time to start a job: " + RFC1123Z.format(scheduled.atZone(ZoneOffset.UTC)));
            return untilNext(schedule);
        }
        String name = CronJobJobs.jobName(cronJob.getMetadata().getName(), scheduled);
        if (active().stream().anyMatch(r -> name.equals(r.getName())) || Times.parse(status.getLastScheduleTime()).filter(scheduled::equals).isPresent()) {
            return untilNext(schedule); // this time was already run
        }
        switch (Concurrency.decide(spec.getConcurrencyPolicy(), active().size())) {
            case SKIP -> {
                api.normalEvent(cronJob, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
                return untilNext(schedule);
            }
            case REPLACE_ACTIVE -> replaceActive();
            case START -> {
            }
        }
        if (!create(CronJobJobs.fromTemplate(cronJob, scheduled, annotationZone))) {
            return untilNext(schedule);
        }
        status.setLastScheduleTime(Times.format(scheduled));
        return untilNext(schedule);
    }

    /** Creates the job and lists it as active; false when a job of that name exists that this CronJob does not control. */
    private boolean create(Job job) {
        String ns = job.getMetadata().getNamespace();
        Job created;
        try {
            created = api.createJob(job);
            api.normalEvent(cronJob, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
            log.info("cronjob {}/{}: created job {}", ns, cronJob.getMetadata().getName(), created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (!isAlreadyExists(e)) {
                if (!isNamespaceTerminating(e)) {
                    api.warningEvent(cronJob, "FailedCreate", "Error creating job: " + e.getMessage());
                }
                throw e;
            }
            // made before (by us before a crash, or seen through a stale cache): adopt it into status if it is ours
            created = api.getJob(ns, job.getMetadata().getName()).orElseThrow(() -> e); // deleted in between: retry
            if (!Owners.isControlledBy(created, cronJob)) {
                return false;
            }
            log.info("cronjob {}/{}: job {} already exists", ns, cronJob.getMetadata().getName(), created.getMetadata().getName());
        }
        String uid = created.getMetadata().getUid();
        if (active().stream().noneMatch(r -> uid.equals(r.getUid()))) {
            List<ObjectReference> refs = new ArrayList<>(active());
            refs.add(CronJobJobs.referenceTo(created));
            status.setActive(refs);
        }
        return true;
    }

    /** Replace: each active job deleted (background propagation) before the new one starts. */
    private void replaceActive() {
        for (ObjectReference ref : List.copyOf(active())) {
            Optional<Job> job;
            try {
                job = api.getJob(ref.getNamespace(), ref.getName());
            } catch (KubernetesClientException e) {
                api.warningEvent(cronJob, "FailedGet", "Get job: " + e.getMessage());
                throw e;
            }
            if (job.isEmpty()) {
                removeActive(ref.getUid()); // already gone
            } else if (!delete(job.get())) {
                throw new IllegalStateException("could not replace job " + ref.getNamespace() + "/" + ref.getName());
            }
        }
    }

    /** kube's cleanupFinishedJobs: the finished jobs beyond the history limits go, oldest first. */
    private void pruneHistory(List<Job> owned) {
        var spec = cronJob.getSpec();
        for (Job job : JobHistory.toDelete(owned, spec.getSuccessfulJobsHistoryLimit(), spec.getFailedJobsHistoryLimit())) {
            delete(job);
        }
    }

    /**
     * Brings status.active and lastSuccessfulTime up to date with the owned jobs: finished ones leave the list,
     * vanished ones too (after checking the API, whose word is fresher than the cache's), and an unfinished job
     * that is not listed is reported, as kube reports it, but not adopted.
     */
    private void trackJobs(List<Job> owned) {
        if (owned.stream().anyMatch(j -> !JobStates.finished(j) && !isActive(j))) {
            // the cache may not yet show the status write that listed the job: read the CronJob afresh once
            api.getCronJob(cronJob.getMetadata().getNamespace(), cronJob.getMetadata().getName())
                    .filter(fresh -> fresh.getMetadata().getUid().equals(cronJob.getMetadata().getUid()))
                    .ifPresent(this::rebase);
        }
        for (Job job : owned) {
            boolean listed = isActive(job);
            Optional<String> finishedAs = JobStates.finishedAs(job);
            if (finishedAs.isEmpty()) {
                if (!listed) {
                    api.warningEvent(cronJob, "UnexpectedJob", "Saw a job that the controller did not create or forgot: " + job.getMetadata().getName());
                }
                continue;
            }
            if (listed) {
                removeActive(job.getMetadata().getUid());
                api.normalEvent(cronJob, "SawCompletedJob", "Saw completed job: %s, condition: %s".formatted(job.getMetadata().getName(), finishedAs.get()));
            }
            if (JobStates.succeeded(job)) {
                noteSuccess(job);
            }
        }
        Set<String> ownedUids = owned.stream().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet());
        for (ObjectReference ref : List.copyOf(active())) {
            if (ownedUids.contains(ref.getUid())) {
                continue;
            }
            Optional<Job> job = api.getJob(ref.getNamespace(), ref.getName());
            if (job.isEmpty() || !job.get().getMetadata().getUid().equals(ref.getUid())) {
                api.normalEvent(cronJob, "MissingJob", "Active job went missing: " + ref.getName());
                removeActive(ref.getUid());
            }
        }
    }

    private void noteSuccess(Job job) {
        Optional<Instant> completed = job.getStatus() == null ? Optional.empty() : Times.parse(job.getStatus().getCompletionTime());
        Optional<Instant> known = Times.parse(status.getLastSuccessfulTime());
        if (completed.isPresent() && (known.isEmpty() || completed.get().isAfter(known.get()))) {
            status.setLastSuccessfulTime(job.getStatus().getCompletionTime());
        }
    }

    /** kube's deleteJob: the job goes with background propagation and leaves status.active; false if the API refused. */
    private boolean delete(Job job) {
        String name = job.getMetadata().getName();
        boolean deleted;
        try {
            deleted = api.deleteJob(job);
        } catch (KubernetesClientException e) {
            api.warningEvent(cronJob, "FailedDelete", "Deleted job: " + e.getMessage());
            log.warn("cronjob {}/{}: could not delete job {}: {}", cronJob.getMetadata().getNamespace(), cronJob.getMetadata().getName(), name, e.toString());
            return false;
        }
        removeActive(job.getMetadata().getUid());
        if (deleted) { // else it was already gone (a cache behind our own delete): nothing new to report
            api.normalEvent(cronJob, "SuccessfulDelete", "Deleted job " + name);
        }
        return true;
    }

    private Optional<Duration> untilNext(Schedule schedule) {
        return ScheduleTimes.untilNext(schedule, lastScheduledOrCreated(), now);
    }

    private Instant lastScheduledOrCreated() {
        return Times.parse(status.getLastScheduleTime())
                .or(() -> Times.parse(cronJob.getMetadata().getCreationTimestamp()))
                .orElse(now);
    }

    private void rebase(CronJob from) {
        cronJob = from;
        status = from.getStatus() == null ? new CronJobStatus() : new CronJobStatusBuilder(from.getStatus()).build();
    }

    private List<ObjectReference> active() {
        return status.getActive() == null ? List.of() : status.getActive();
    }

    private boolean isActive(Job job) {
        return active().stream().anyMatch(r -> job.getMetadata().getUid().equals(r.getUid()));
    }

    private void removeActive(String uid) {
        List<ObjectReference> rest = active().stream().filter(r -> !uid.equals(r.getUid())).toList();
        status.setActive(rest.isEmpty() ? null : rest); // absent rather than [], as the API returns an empty list
    }

    private static boolean isAlreadyExists(KubernetesClientException e) {
        return e.getCode() == 409 && e.getStatus() != null && "AlreadyExists".equals(e.getStatus().getReason());
    }

    private static boolean isNamespaceTerminating(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null
                && e.getStatus().getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }
}
