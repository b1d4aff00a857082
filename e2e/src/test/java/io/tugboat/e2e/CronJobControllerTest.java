package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.tugboat.e2e.support.TugClusterExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CronJob controller against a real `tug up`, driven with kubectl: an every-minute CronJob runs a Job whose pod
 * completes, shows its last schedule, lends its template to a manual Job, stops when suspended, and takes its Jobs
 * with it when deleted.
 */
class CronJobControllerTest {

    private static final String NS = "cron";

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static CronJob tick() {
        return tug.client().batch().v1().cronjobs().inNamespace(NS).withName("tick").get();
    }

    private static List<Job> jobsOf(CronJob owner) {
        return tug.client().batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> r.getUid().equals(owner.getMetadata().getUid()) && Boolean.TRUE.equals(r.getController())))
                .toList();
    }

    private static Set<String> jobNames() {
        return tug.client().batch().v1().jobs().inNamespace(NS).list().getItems().stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static List<String> eventReasons(CronJob about) {
        return tug.client().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> about.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .map(Event::getReason).toList();
    }

    /** The cell under {@code column} in kubectl's table output (one object). */
    private static String cell(String table, String column) {
        List<String> lines = table.lines().toList();
        String header = lines.get(0);
        int from = header.indexOf(column);
        int to = header.indexOf(' ', from + column.length());
        while (to >= 0 && to < header.length() && header.charAt(to) == ' ') {
            to++;
        }
        String row = lines.get(1);
        return (to < 0 || to >= header.length() ? row.substring(from) : row.substring(from, Math.min(to, row.length()))).strip();
    }

    @Test
    void runsOnScheduleSuspendsAndCleansUp() throws InterruptedException {
        tug.cluster().createNamespace(NS);
        tug.cluster().kubectl("create", "cronjob", "tick", "-n", NS, "--image=busybox", "--schedule=*/1 * * * *",
                "--", "/bin/sh", "-c", "echo tick").assertOk();
        CronJob cronJob = tick();
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");
        assertThat(cronJob.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);

        // the first minute boundary after creation starts a Job named after it, owned by the CronJob
        await().atMost(Duration.ofSeconds(75)).ignoreExceptions().until(() -> !jobsOf(cronJob).isEmpty());
        Job first = jobsOf(cronJob).getFirst();
        String firstName = first.getMetadata().getName();
        long minute = Long.parseLong(firstName.substring("tick-".length()));
        assertThat(first.getMetadata().getAnnotations()).containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp",
                Instant.ofEpochSecond(minute * 60).toString());
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("CronJob");
            assertThat(r.getBlockOwnerDeletion()).isTrue();
        });

        // suspended at once: the next boundary (at least 3 s after the patch, so the controller has seen it) starts nothing
        tug.cluster().kubectl("patch", "cronjob", "tick", "-n", NS, "-p", "{\"spec\":{\"suspend\":true}}").assertOk();
        long nextMinute = Instant.now().plusSeconds(3).getEpochSecond() / 60 + 1;

        tug.cluster().kubectl("wait", "--for=condition=complete", "job/" + firstName, "-n", NS, "--timeout=60s").assertOk();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            CronJob now = tick();
            assertThat(now.getStatus().getLastScheduleTime()).isEqualTo(Instant.ofEpochSecond(minute * 60).toString());
            assertThat(now.getStatus().getLastSuccessfulTime()).isNotNull();
            assertThat(now.getStatus().getActive()).isNullOrEmpty();
            assertThat(eventReasons(now)).contains("SuccessfulCreate", "SawCompletedJob");
        });
        String table = tug.cluster().kubectl("get", "cronjob", "tick", "-n", NS).assertOk().stdout();
        assertThat(cell(table, "LAST SCHEDULE")).as(table).isNotEqualTo("<none>").matches("\\d+s|\\d+m\\d*s?");
        assertThat(cell(table, "SUSPEND")).as(table).isEqualTo("True");
        String jobs = tug.cluster().kubectl("get", "jobs", "-n", NS, "-o",
                "custom-columns=NAME:.metadata.name,OWNER:.metadata.ownerReferences[0].kind/name,STATUS:.status.conditions[0].type").assertOk().stdout();
        assertThat(jobs).contains(firstName).contains("Complete");
        assertThat(tug.cluster().kubectl("get", "jobs", "-n", NS, firstName, "-o", "jsonpath={.metadata.ownerReferences[0].name}").assertOk().stdout())
                .isEqualTo("tick");

        // a manual run from the CronJob's template
        tug.cluster().kubectl("create", "job", "manual", "-n", NS, "--from=cronjob/tick").assertOk();
        tug.cluster().kubectl("wait", "--for=condition=complete", "job/manual", "-n", NS, "--timeout=60s").assertOk();
        assertThat(jobsOf(cronJob)).extracting(j -> j.getMetadata().getName()).contains("manual", firstName);

        // past the next boundary while suspended: no new scheduled Job
        long waitMillis = Math.max(0, (nextMinute * 60 + 8) * 1000 - System.currentTimeMillis());
        Thread.sleep(waitMillis);
        assertThat(jobNames()).doesNotContain("tick-" + nextMinute, "tick-" + (nextMinute + 1));
        assertThat(tick().getStatus().getLastScheduleTime()).isEqualTo(Instant.ofEpochSecond(minute * 60).toString());

        // deleting the CronJob takes its Jobs with it (the garbage collector follows the owner references)
        tug.cluster().kubectl("delete", "cronjob", "tick", "-n", NS).assertOk();
        await().atMost(Duration.ofSeconds(45)).ignoreExceptions().untilAsserted(() -> assertThat(jobNames()).isEmpty());
    }
}
