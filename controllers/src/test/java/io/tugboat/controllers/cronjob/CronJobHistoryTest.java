package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronJobHistoryTest {

    static Job job(String name, String startTime, String finishedAs) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withUid("uid-" + name).endMetadata();
        var status = b.withNewStatus().withStartTime(startTime);
        if (finishedAs != null) {
            status.addNewCondition().withType(finishedAs).withStatus("True").endCondition();
        }
        return status.endStatus().build();
    }

    private static List<String> names(List<Job> jobs) {
        return jobs.stream().map(j -> j.getMetadata().getName()).toList();
    }

    @Test
    void theOldestFinishedJobsBeyondEachLimitGo() {
        List<Job> owned = List.of(
                job("s3", "2024-01-01T03:00:00Z", "Complete"),
                job("s1", "2024-01-01T01:00:00Z", "Complete"),
                job("f2", "2024-01-01T02:30:00Z", "Failed"),
                job("s4", "2024-01-01T04:00:00Z", "Complete"),
                job("s2", "2024-01-01T02:00:00Z", "Complete"),
                job("f1", "2024-01-01T01:30:00Z", "Failed"),
                job("running", "2024-01-01T00:00:00Z", null));
        assertThat(names(JobHistory.toDelete(owned, 3, 1))).containsExactly("s1", "f1");
        assertThat(names(JobHistory.toDelete(owned, 1, 0))).containsExactly("s1", "s2", "s3", "f1", "f2");
        assertThat(names(JobHistory.toDelete(owned, 10, 10))).isEmpty();
    }

    @Test
    void aNullLimitKeepsEverything() {
        List<Job> owned = List.of(job("s1", "2024-01-01T01:00:00Z", "Complete"), job("f1", "2024-01-01T01:00:00Z", "Failed"));
        assertThat(names(JobHistory.toDelete(owned, null, null))).isEmpty();
        assertThat(names(JobHistory.toDelete(owned, null, 0))).containsExactly("f1");
    }

    @Test
    void jobsWithoutAStartTimeCountAsNewestAndEqualTimesGoByName() {
        List<Job> owned = List.of(
                job("never-started", null, "Failed"),
                job("b", "2024-01-01T01:00:00Z", "Failed"),
                job("a", "2024-01-01T01:00:00Z", "Failed"));
        assertThat(names(JobHistory.toDelete(owned, 3, 1))).containsExactly("a", "b");
        assertThat(names(JobHistory.toDelete(owned, 3, 0))).containsExactly("a", "b", "never-started");
    }

    @Test
    void aJobIsFinishedOnlyByATrueCompleteOrFailedCondition() {
        Job suspended = new JobBuilder(job("x", null, null)).editStatus()
                .addNewCondition().withType("Suspended").withStatus("True").endCondition()
                .addNewCondition().withType("Complete").withStatus("False").endCondition().endStatus().build();
        assertThat(JobStates.finished(suspended)).isFalse();
        assertThat(JobStates.succeeded(job("y", null, "Complete"))).isTrue();
        assertThat(JobStates.succeeded(job("z", null, "Failed"))).isFalse();
        assertThat(JobStates.finishedAs(job("z", null, "Failed"))).contains("Failed");
    }
}
