package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.apiserver.testing.InJvmApiServer;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import io.tugboat.client.ClusterAccess;
import io.tugboat.client.events.EventRecorder;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One reconcile step of a CronJob against a real API server (SQLite store, in this JVM): what it creates, deletes,
 * reports and writes to status. The API it uses is the controller's own ({@link Fabric8CronJobApi}); the test only
 * notes which deletes and events it asked for, since events are written off the caller's path.
 */
class CronJobSyncTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-15T10:20:30Z"), ZoneOffset.UTC);
    private static final String DUE_JOB = "tick-28596140"; // 10:20 in minutes since the epoch
    private static final Duration TO_10_25 = Duration.ofMinutes(4).plusSeconds(30).plusMillis(100);

    @RegisterExtension
    static final InJvmApiServerExtension apiServer = new InJvmApiServerExtension();

    private static KubernetesClient client;
    private static EventRecorder recorder;
    private static int namespaces;

    /** The controller's API, noting the deletes and events the sync asked for. */
    private static final class NotingApi implements CronJobApi {
        final CronJobApi real;
        final List<String> events = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        NotingApi(CronJobApi real) {
            this.real = real;
        }

        @Override
        public Optional<CronJob> getCronJob(String namespace, String name) {
            return real.getCronJob(namespace, name);
        }

        @Override
        public Optional<Job> getJob(String namespace, String name) {
            return real.getJob(namespace, name);
        }

        @Override
        public Job createJob(Job job) {
            return real.createJob(job);
        }

        @Override
        public boolean deleteJob(Job job) {
            deleted.add(job.getMetadata().getName());
            return real.deleteJob(job);
        }

        @Override
        public void normalEvent(CronJob about, String reason, String message) {
            events.add("Normal " + reason + ": " + message);
            real.normalEvent(about, reason, message);
        }

        @Override
        public void warningEvent(CronJob about, String reason, String message) {
            events.add("Warning " + reason + ": " + message);
            real.warningEvent(about, reason, message);
        }
    }

    private final String ns = "cron-" + ++namespaces;
    private final NotingApi api = new NotingApi(new Fabric8CronJobApi(client, recorder));

    @BeforeAll
    static void connect() {
        InJvmApiServer server = apiServer.server();
        client = new ClusterAccess(server.url(), server.adminToken(), server.caPem()).connect("cronjob-sync-test");
        recorder = new EventRecorder(client, "cronjob-controller", null, CLOCK);
    }

    @AfterAll
    static void disconnect() {
        if (recorder != null) {
            recorder.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void namespace() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    /** The jobs the API server has in the test's namespace, by name. */
    private Map<String, Job> jobs() {
        Map<String, Job> byName = new LinkedHashMap<>();
        client.batch().v1().jobs().inNamespace(ns).list().getItems().forEach(j -> byName.put(j.getMetadata().getName(), j));
        return byName;
    }

    /** Stores {@code job} (with its status) in the API server and returns it as stored. */
    private Job stored(Job job) {
        Job created = client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder(job).withStatus(null).build()).create();
        if (job.getStatus() != null) {
            created.setStatus(job.getStatus());
            created = client.batch().v1().jobs().inNamespace(ns).resource(created).updateStatus();
        }
        return created;
    }

    private CronJob cronJob(String schedule, UnaryOperator<CronJobBuilder> more) {
        CronJobBuilder b = new CronJobBuilder()
                .withNewMetadata().withName("tick").withNamespace(ns).withUid("cj-uid").withResourceVersion("7")
                .withCreationTimestamp("2024-05-15T10:05:00Z").endMetadata()
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Allow").withSuspend(false)
                .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("OnFailure")
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().endJobTemplate()
                .endSpec();
        return more.apply(b).build();
    }

    private CronJob cronJob(String schedule) {
        return cronJob(schedule, b -> b);
    }

    /** A job the CronJob controls, running or finished ("Complete"/"Failed"), as the API server stores it. */
    private Job owned(CronJob owner, String name, String startTime, String finishedAs) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withOwnerReferences(Owners.controllerRef(owner)).endMetadata()
                .withSpec(owner.getSpec().getJobTemplate().getSpec());
        var status = b.withNewStatus().withStartTime(startTime);
        if (finishedAs != null) {
            status.addNewCondition().withType(finishedAs).withStatus("True").endCondition()
                    .withCompletionTime("Complete".equals(finishedAs) ? "2024-05-15T10:16:00Z" : null);
        }
        return stored(status.endStatus().build());
    }

    /** The 10:15 job, still running, listed in status.active and known to the API. */
    private Job runningSince1015(CronJob cj) {
        Job running = owned(cj, "tick-28596135", "2024-05-15T10:15:00Z", null);
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
        assertThat(jobs()).containsOnlyKeys(DUE_JOB);
        assertThat(jobs().get(DUE_JOB).getMetadata().getAnnotations())
                .containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2024-05-15T10:20:00Z");
        assertThat(activeNames(s)).containsExactly(DUE_JOB);
        assertThat(s.status().getLastScheduleTime()).isEqualTo("2024-05-15T10:20:00Z");
        assertThat(api.events).containsExactly("Normal SuccessfulCreate: Created job " + DUE_JOB);
    }

    @Test
    void aTimeAlreadyRunIsNotRunAgain() {
        CronJobSync s = sync(cronJob("*/5 * * * *", b -> b.withNewStatus().withLastScheduleTime("2024-05-15T10:20:00Z").endStatus()));
        assertThat(s.run(List.of())).contains(TO_10_25);
        assertThat(jobs()).isEmpty();
        assertThat(api.events).isEmpty();
    }

    @Test
    void nothingIsDueBeforeTheFirstTime() {
        CronJobSync s = sync(cronJob("0 11 * * *"));
        assertThat(s.run(List.of())).contains(Duration.ofMinutes(39).plusSeconds(30).plusMillis(100));
        assertThat(jobs()).isEmpty();
    }

    @Test
    void suspendedStartsNothingAndWaitsForAChange() {
        CronJobSync s = sync(cronJob("*/5 * * * *", b -> b.editSpec().withSuspend(true).endSpec()));
        assertThat(s.run(List.of())).isEmpty();
        assertThat(jobs()).isEmpty();
    }

    @Test
    void forbidSkipsWhileAJobIsActive() {
        CronJob cj = cronJob("*/5 * * * *", b -> b.editSpec().withConcurrencyPolicy("Forbid").endSpec());
        Job running = runningSince1015(cj);
        CronJobSync s = sync(cj);
        assertThat(s.run(List.of(running))).contains(TO_10_25);
        assertThat(jobs()).containsOnlyKeys("tick-28596135");
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
        assertThat(jobs()).containsOnlyKeys(DUE_JOB);
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
        owned(cj, DUE_JOB, "2024-05-15T10:20:01Z", null);
        CronJobSync s = sync(cj);
        // the informer has not shown it yet: owned is empty
        assertThat(s.run(List.of())).contains(TO_10_25);
        assertThat(activeNames(s)).containsExactly(DUE_JOB);
        assertThat(s.status().getLastScheduleTime()).isEqualTo("2024-05-15T10:20:00Z");
        assertThat(api.events).isEmpty();
    }

    @Test
    void aJobOfTheSameNameThatIsNotOursIsLeftAlone() {
        CronJob template = cronJob("*/5 * * * *");
        stored(new JobBuilder().withNewMetadata().withName(DUE_JOB).withNamespace(ns).endMetadata()
                .withSpec(template.getSpec().getJobTemplate().getSpec()).build());
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
        client.batch().v1().jobs().inNamespace(ns).withName(gone.getMetadata().getName()).delete();
        cj.setStatus(new CronJobStatusBuilder()
                .withActive(ref(gone)).withLastScheduleTime("2024-05-15T10:20:00Z").build());
        CronJobSync s = sync(cj);
        s.run(List.of());
        assertThat(s.status().getActive()).isNull();
        assertThat(api.events).containsExactly("Normal MissingJob: Active job went missing: tick-28596135");
    }

    @Test
    void anUnlistedRunningJobIsReportedUnlessAFreshReadListsIt() {
        // the CronJob as the API server has it (the sync reads it afresh and checks the uid)
        CronJob template = cronJob("*/5 * * * *", b -> b.withNewStatus().withLastScheduleTime("2024-05-15T10:20:00Z").endStatus());
        CronJob cj = client.batch().v1().cronjobs().inNamespace(ns).resource(new CronJobBuilder(template).withStatus(null)
                .editMetadata().withUid(null).withResourceVersion(null).withCreationTimestamp(null).endMetadata().build()).create();
        cj.setStatus(template.getStatus());
        cj = client.batch().v1().cronjobs().inNamespace(ns).resource(cj).updateStatus();
        Job manual = owned(cj, "manual", "2024-05-15T10:18:00Z", null);
        sync(cj).run(List.of(manual));
        assertThat(api.events).containsExactly("Warning UnexpectedJob: Saw a job that the controller did not create or forgot: manual");

        // the cache was behind our own status write: the fresh CronJob lists it, so nothing is wrong
        api.events.clear();
        CronJob fresh = new CronJobBuilder(cj).editStatus().withActive(ref(manual)).endStatus().build();
        fresh = client.batch().v1().cronjobs().inNamespace(ns).resource(fresh).updateStatus();
        CronJobSync s = sync(cj);
        s.run(List.of(manual));
        assertThat(api.events).isEmpty();
        assertThat(s.base().getMetadata().getResourceVersion()).isEqualTo(fresh.getMetadata().getResourceVersion());
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
        assertThat(jobs()).isEmpty();
        assertThat(api.events).containsExactly(
                "Warning UnknownTimeZone: invalid timeZone: \"Mars/Olympus\": unknown time zone Mars/Olympus",
                "Warning UnparseableSchedule: unparseable schedule: \"every five minutes\" : expected exactly 5 fields, found 3: [every, five, minutes]",
                "Warning InvalidSchedule: invalid schedule: 0 0 30 2 * : the schedule has no time after 2024-05-15T10:05:00Z");
    }

    @Test
    void tooManyMissedTimesAreReportedAndTheLatestStillRuns() {
        CronJobSync s = sync(cronJob("* * * * *", b -> b.editMetadata().withCreationTimestamp("2024-05-14T10:00:00Z").endMetadata()));
        assertThat(s.run(List.of())).contains(Duration.ofSeconds(30).plusMillis(100));
        assertThat(jobs()).containsOnlyKeys(DUE_JOB);
        assertThat(api.events).first().isEqualTo(
                "Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }

    @Test
    void aTimePastTheStartingDeadlineIsNotStarted() {
        // hourly, last run 09:00; 10:00 is 20 minutes old and the deadline is 5 minutes
        CronJobSync s = sync(cronJob("0 * * * *", b -> b.editSpec().withStartingDeadlineSeconds(300L).endSpec()
                .withNewStatus().withLastScheduleTime("2024-05-15T09:00:00Z").endStatus()));
        assertThat(s.run(List.of())).contains(Duration.ofMinutes(39).plusSeconds(30).plusMillis(100));
        assertThat(jobs()).isEmpty();
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
        assertThat(jobs().values()).singleElement().satisfies(j -> assertThat(j.getMetadata().getAnnotations())
                .containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2024-05-15T12:00:00+09:00"));
    }

    @Test
    void aCronJobBeingDeletedStartsNothing() {
        CronJobSync s = sync(cronJob("*/5 * * * *", b -> b.editMetadata().withDeletionTimestamp("2024-05-15T10:20:00Z").endMetadata()));
        assertThat(s.run(List.of())).isEmpty();
        assertThat(jobs()).isEmpty();
    }
}
