package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tugboat.controllers.support.Owners;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** One reconcile step of a CronJob against an in-memory API: what it creates, deletes, reports and writes to status. */
class CronJobSyncTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-15T10:20:30Z"), ZoneOffset.UTC);
    private static final String DUE_JOB = "tick-28596140"; // 10:20 in minutes since the epoch
    private static final Duration TO_10_25 = Duration.ofMinutes(4).plusSeconds(30).plusMillis(100);

    /** The API as the sync sees it: jobs by name, a fresh copy of the CronJob, and what was reported. */
    private static final class FakeApi implements CronJobApi {
        final Map<String, Job> jobs = new LinkedHashMap<>();
        final List<String> events = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        CronJob fresh;
        int uids;

        @Override
        public Optional<CronJob> getCronJob(String namespace, String name) {
            return Optional.ofNullable(fresh);
        }

        @Override
        public Optional<Job> getJob(String namespace, String name) {
            return Optional.ofNullable(jobs.get(name));
        }

        @Override
        public Job createJob(Job job) {
            if (jobs.containsKey(job.getMetadata().getName())) {
                throw new KubernetesClientException(new StatusBuilder().withCode(409).withReason("AlreadyExists").build());
            }
            Job stored = new JobBuilder(job).editMetadata().withUid("job-uid-" + ++uids).withResourceVersion("1").endMetadata().build();
            jobs.put(stored.getMetadata().getName(), stored);
            return stored;
        }

        @Override
        public boolean deleteJob(Job job) {
            deleted.add(job.getMetadata().getName());
            return jobs.remove(job.getMetadata().getName()) != null;
        }

        @Override
        public void normalEvent(CronJob about, String reason, String message) {
            events.add("Normal " + reason + ": " + message);
        }

        @Override
        public void warningEvent(CronJob about, String reason, String message) {
            events.add("Warning " + reason + ": " + message);
        }
    }

    private final FakeApi api = new FakeApi();

    private static CronJob cronJob(String schedule, UnaryOperator<CronJobBuilder> more) {
        CronJobBuilder b = new CronJobBuilder()
                .withNewMetadata().withName("tick").withNamespace("ns").withUid("cj-uid").withResourceVersion("7")
                .withCreationTimestamp("2024-05-15T10:05:00Z").endMetadata()
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Allow").withSuspend(false)
                .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("OnFailure")
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec();
        return more.apply(b).build();
    }

    private static CronJob cronJob(String schedule) {
        return cronJob(schedule, b -> b);
    }

    /** A job the CronJob controls, running or finished ("Complete"/"Failed"). */
    private static Job owned(CronJob owner, String name, String startTime, String finishedAs) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withOwnerReferences(Owners.controllerRef(owner)).endMetadata();
        var status = b.withNewStatus().withStartTime(startTime);
        if (finishedAs != null) {
            status.addNewCondition().withType(finishedAs).withStatus("True").endCondition()
                    .withCompletionTime("Complete".equals(finishedAs) ? "2024-05-15T10:16:00Z" : null);
        }
        return status.endStatus().build();
    }

    /** The 10:15 job, still running, listed in status.active and known to the API. */
    private Job runningSince1015(CronJob cj) {
        Job running = owned(cj, "tick-28596135", "2024-05-15T10:15:00Z", null);
        api.jobs.put(running.getMetadata().getName(), running);
        cj.setStatus(new CronJobStatusBuilder().withActive(ref(running)).withLastScheduleTime("2024-05-15T10:15:00Z").build());
        return running;
    }

    private static ObjectReference ref(Job job) {
        return CronJobJobs.referenceTo(job);
    }

    private CronJobSync sync(CronJob cj) {
        return new CronJobSync(api, new ScheduleParser(), CLOCK.getZone(), CLOCK.instant(), cj);
    }

    private static List<String> activeNames(CronJobSync s) {
        return s.status().getActive() == null ? List.of() : s.status().getActive().stream().map(ObjectReference::getName).toList();
    }

    @Test
    void startsOnlyTheMostRecentMissedTimeAndRecordsIt() {
        // created 10:05; 10:10, 10:15 and 10:20 have passed: one job, for 10:20
        CronJobSync s = sync(cronJob("*/5 * * * *"));
        assertThat(s.run(List.of())).contains(TO_10_25);
        assertThat(api.jobs).containsOnlyKeys(DUE_JOB);
        assertThat(api.jobs.get(DUE_JOB).getMetadata().getAnnotations())
                .containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2024-05-15T10:20:00Z");
        assertThat(activeNames(s)).containsExactly(DUE_JOB);
        assertThat(s.status().getLastScheduleTime()).isEqualTo("2024-05-15T10:20:00Z");
        assertThat(api.events).containsExactly("Normal SuccessfulCreate: Created job " + DUE_JOB);
    }

    @Test
    void aTimeAlreadyRunIsNotRunAgain() {
        CronJobSync s = sync(cronJob("*/5 * * * *", b -> b.withNewStatus().withLastScheduleTime("2024-05-15T10:20:00Z").endStatus()));
        assertThat(s.run(List.of())).contains(TO_10_25);
        assertThat(api.jobs).isEmpty();
        assertThat(api.events).isEmpty();
    }

    @Test
    void nothingIsDueBeforeTheFirstTime() {
        CronJobSync s = sync(cronJob("0 11 * * *"));
        assertThat(s.run(List.of())).contains(Duration.ofMinutes(39).plusSeconds(30).plusMillis(100));
        assertThat(api.jobs).isEmpty();
    }

    @Test
    void suspendedStartsNothingAndWaitsForAChange() {
        CronJobSync s = sync(cronJob("*/5 * * * *", b -> b.editSpec().withSuspend(true).endSpec()));
        assertThat(s.run(List.of())).isEmpty();
        assertThat(api.jobs).isEmpty();
    }

    @Test
    void forbidSkipsWhileAJobIsActive() {
        CronJob cj = cronJob("*/5 * * * *", b -> b.editSpec().withConcurrencyPolicy("Forbid").endSpec());
        Job running = runningSince1015(cj);
        CronJobSync s = sync(cj);
        assertThat(s.run(List.of(running))).contains(TO_10_25);
        assertThat(api.jobs).containsOnlyKeys("tick-28596135");
        assertThat(api.events).containsExactly(
                "Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid");
        assertThat(s.status().getLastScheduleTime()).isEqualTo("2024-05-15T10:15:00Z");
    }

    @Test
    void replaceDeletesTheActiveJobThenStartsTheNewOne() {
        CronJob cj = cronJob("*/5 * * * *", b -> b.editSpec().withConcurrencyPolicy("Replace").endSpec());
        Job running = runningSince1015(cj);
        CronJobSync s = sync(cj);
        s.run(List.of(running));
        assertThat(api.deleted).containsExactly("tick-28596135");
        assertThat(api.jobs).containsOnlyKeys(DUE_JOB);
        assertThat(activeNames(s)).containsExactly(DUE_JOB);
        assertThat(api.events).containsExactly("Normal SuccessfulDelete: Deleted job tick-28596135",
                "Normal SuccessfulCreate: Created job " + DUE_JOB);
    }

    @Test
    void allowStartsBesideTheActiveJob() {
        CronJob cj = cronJob("*/5 * * * *");
        Job running = runningSince1015(cj);
        CronJobSync s = sync(cj);
        s.run(List.of(running));
        assertThat(activeNames(s)).containsExactly("tick-28596135", DUE_JOB);
    }

    @Test
    void aJobAlreadyMadeForTheTimeIsTakenIntoStatusNotMadeTwice() {
        CronJob cj = cronJob("*/5 * * * *");
        Job earlier = owned(cj, DUE_JOB, "2024-05-15T10:20:01Z", null);
        api.jobs.put(DUE_JOB, earlier);
        CronJobSync s = sync(cj);
        // the informer has not shown it yet: owned is empty
        assertThat(s.run(List.of())).contains(TO_10_25);
        assertThat(activeNames(s)).containsExactly(DUE_JOB);
        assertThat(s.status().getLastScheduleTime()).isEqualTo("2024-05-15T10:20:00Z");
        assertThat(api.events).isEmpty();
    }

    @Test
    void aJobOfTheSameNameThatIsNotOursIsLeftAlone() {
        Job stranger = new JobBuilder().withNewMetadata().withName(DUE_JOB).withNamespace("ns").withUid("other").endMetadata().build();
        api.jobs.put(DUE_JOB, stranger);
        CronJobSync s = sync(cronJob("*/5 * * * *"));
        assertThat(s.run(List.of())).contains(TO_10_25);
        assertThat(activeNames(s)).isEmpty();
        assertThat(s.status().getLastScheduleTime()).isNull();
    }

    @Test
    void aFinishedJobLeavesActiveAndItsCompletionIsTheLastSuccess() {
        CronJob cj = cronJob("*/5 * * * *");
        Job done = owned(cj, "tick-28596135", "2024-05-15T10:15:00Z", "Complete");
        cj.setStatus(new CronJobStatusBuilder()
                .withActive(ref(done)).withLastScheduleTime("2024-05-15T10:20:00Z").build());
        CronJobSync s = sync(cj);
        s.run(List.of(done));
        assertThat(s.status().getActive()).isNull();
        assertThat(s.status().getLastSuccessfulTime()).isEqualTo("2024-05-15T10:16:00Z");
        assertThat(api.events).containsExactly("Normal SawCompletedJob: Saw completed job: tick-28596135, condition: Complete");
    }

    @Test
    void anActiveJobThatVanishedIsReportedMissing() {
        CronJob cj = cronJob("*/5 * * * *");
        Job gone = owned(cj, "tick-28596135", "2024-05-15T10:15:00Z", null);
        cj.setStatus(new CronJobStatusBuilder()
                .withActive(ref(gone)).withLastScheduleTime("2024-05-15T10:20:00Z").build());
        CronJobSync s = sync(cj);
        s.run(List.of());
        assertThat(s.status().getActive()).isNull();
        assertThat(api.events).containsExactly("Normal MissingJob: Active job went missing: tick-28596135");
    }

    @Test
    void anUnlistedRunningJobIsReportedUnlessAFreshReadListsIt() {
        CronJob cj = cronJob("*/5 * * * *", b -> b.withNewStatus().withLastScheduleTime("2024-05-15T10:20:00Z").endStatus());
        Job manual = owned(cj, "manual", "2024-05-15T10:18:00Z", null);
        api.fresh = cj;
        sync(cj).run(List.of(manual));
        assertThat(api.events).containsExactly("Warning UnexpectedJob: Saw a job that the controller did not create or forgot: manual");

        // the cache was behind our own status write: the fresh CronJob lists it, so nothing is wrong
        api.events.clear();
        api.fresh = new CronJobBuilder(cj).editStatus().withActive(ref(manual)).endStatus().withNewMetadataLike(cj.getMetadata())
                .withResourceVersion("8").endMetadata().build();
        CronJobSync s = sync(cj);
        s.run(List.of(manual));
        assertThat(api.events).isEmpty();
        assertThat(s.base().getMetadata().getResourceVersion()).isEqualTo("8");
        assertThat(activeNames(s)).containsExactly("manual");
    }

    @Test
    void finishedJobsBeyondTheHistoryLimitsAreDeletedOldestFirst() {
        CronJob cj = cronJob("*/5 * * * *", b -> b.withNewStatus().withLastScheduleTime("2024-05-15T10:20:00Z").endStatus());
        List<Job> owned = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            owned.add(owned(cj, "ok-" + i, "2024-05-15T0" + i + ":00:00Z", "Complete"));
        }
        owned.add(owned(cj, "bad-1", "2024-05-15T01:00:00Z", "Failed"));
        owned.add(owned(cj, "bad-2", "2024-05-15T02:00:00Z", "Failed"));
        owned.forEach(j -> api.jobs.put(j.getMetadata().getName(), j));
        sync(cj).run(owned);
        assertThat(api.deleted).containsExactly("ok-1", "ok-2", "bad-1");
        assertThat(api.events).containsExactly("Normal SuccessfulDelete: Deleted job ok-1", "Normal SuccessfulDelete: Deleted job ok-2",
                "Normal SuccessfulDelete: Deleted job bad-1");
    }

    @Test
    void anUnknownTimeZoneOrABadScheduleIsAWarningAndNoJob() {
        assertThat(sync(cronJob("*/5 * * * *", b -> b.editSpec().withTimeZone("Mars/Olympus").endSpec())).run(List.of())).isEmpty();
        assertThat(sync(cronJob("every five minutes")).run(List.of())).isEmpty();
        assertThat(sync(cronJob("0 0 30 2 *")).run(List.of())).isEmpty();
        assertThat(api.jobs).isEmpty();
        assertThat(api.events).containsExactly(
                "Warning UnknownTimeZone: invalid timeZone: \"Mars/Olympus\": unknown time zone Mars/Olympus",
                "Warning UnparseableSchedule: unparseable schedule: \"every five minutes\" : expected exactly 5 fields, found 3: [every, five, minutes]",
                "Warning InvalidSchedule: invalid schedule: 0 0 30 2 * : the schedule has no time after 2024-05-15T10:05:00Z");
    }

    @Test
    void tooManyMissedTimesAreReportedAndTheLatestStillRuns() {
        CronJobSync s = sync(cronJob("* * * * *", b -> b.editMetadata().withCreationTimestamp("2024-05-14T10:00:00Z").endMetadata()));
        assertThat(s.run(List.of())).contains(Duration.ofSeconds(30).plusMillis(100));
        assertThat(api.jobs).containsOnlyKeys(DUE_JOB);
        assertThat(api.events).first().isEqualTo(
                "Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }

    @Test
    void aTimePastTheStartingDeadlineIsNotStarted() {
        // hourly, last run 09:00; 10:00 is 20 minutes old and the deadline is 5 minutes
        CronJobSync s = sync(cronJob("0 * * * *", b -> b.editSpec().withStartingDeadlineSeconds(300L).endSpec()
                .withNewStatus().withLastScheduleTime("2024-05-15T09:00:00Z").endStatus()));
        assertThat(s.run(List.of())).contains(Duration.ofMinutes(39).plusSeconds(30).plusMillis(100));
        assertThat(api.jobs).isEmpty();
        // within the deadline it still starts, late
        CronJobSync late = sync(cronJob("0 * * * *", b -> b.editSpec().withStartingDeadlineSeconds(3600L).endSpec()
                .withNewStatus().withLastScheduleTime("2024-05-15T09:00:00Z").endStatus()));
        late.run(List.of());
        assertThat(late.status().getLastScheduleTime()).isEqualTo("2024-05-15T10:00:00Z");
    }

    @Test
    void theScheduleIsReadInTheTimeZoneAndTheAnnotationWrittenInIt() {
        CronJobSync s = sync(cronJob("0 12 * * *", b -> b.editSpec().withTimeZone("Asia/Tokyo").endSpec()
                .editMetadata().withCreationTimestamp("2024-05-14T00:00:00Z").endMetadata()));
        s.run(List.of());
        assertThat(s.status().getLastScheduleTime()).isEqualTo("2024-05-15T03:00:00Z");
        assertThat(api.jobs.values()).singleElement().satisfies(j -> assertThat(j.getMetadata().getAnnotations())
                .containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2024-05-15T12:00:00+09:00"));
    }

    @Test
    void aCronJobBeingDeletedStartsNothing() {
        CronJobSync s = sync(cronJob("*/5 * * * *", b -> b.editMetadata().withDeletionTimestamp("2024-05-15T10:20:00Z").endMetadata()));
        assertThat(s.run(List.of())).isEmpty();
        assertThat(api.jobs).isEmpty();
    }
}
