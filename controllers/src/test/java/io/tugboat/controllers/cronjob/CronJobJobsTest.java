package io.tugboat.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronJobJobsTest {

    private static CronJob cronJob() {
        return new CronJobBuilder()
                .withNewMetadata().withName("tick").withNamespace("ns").withUid("cj-uid").endMetadata()
                .withNewSpec().withSchedule("*/1 * * * *")
                .withNewJobTemplate()
                .withNewMetadata().addToLabels("team", "a").addToAnnotations("note", "hi").endMetadata()
                .withNewSpec().withBackoffLimit(2)
                .withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }

    @Test
    void theNameIsTheCronJobsAndTheScheduledMinute() {
        assertThat(CronJobJobs.jobName("tick", Instant.parse("2024-05-15T10:20:00Z"))).isEqualTo("tick-28596140");
        assertThat(CronJobJobs.jobName("tick", Instant.parse("1970-01-01T00:01:59Z"))).isEqualTo("tick-1");
    }

    @Test
    void theJobCarriesTheTemplateTheScheduledTimeAndAControllerReference() {
        Instant scheduled = Instant.parse("2024-05-15T10:20:00Z");
        Job job = CronJobJobs.fromTemplate(cronJob(), scheduled, ZoneOffset.UTC);
        assertThat(job.getMetadata().getName()).isEqualTo("tick-28596140");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(job.getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("note", "hi")
                .containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2024-05-15T10:20:00Z");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> assertThat(c.getImage()).isEqualTo("busybox"));
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
            assertThat(ref.getKind()).isEqualTo("CronJob");
            assertThat(ref.getName()).isEqualTo("tick");
            assertThat(ref.getUid()).isEqualTo("cj-uid");
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
    }

    @Test
    void theScheduledTimestampIsWrittenInTheCronJobsZone() {
        Job job = CronJobJobs.fromTemplate(cronJob(), Instant.parse("2024-05-15T10:20:00Z"), ZoneId.of("Europe/Berlin"));
        assertThat(job.getMetadata().getAnnotations()).containsEntry(CronJobJobs.SCHEDULED_TIMESTAMP, "2024-05-15T12:20:00+02:00");
    }

    @Test
    void theTemplateIsCopiedNotShared() {
        CronJob cj = cronJob();
        Job job = CronJobJobs.fromTemplate(cj, Instant.parse("2024-05-15T10:20:00Z"), ZoneOffset.UTC);
        job.getMetadata().getLabels().put("extra", "x");
        job.getSpec().setBackoffLimit(9);
        assertThat(cj.getSpec().getJobTemplate().getMetadata().getLabels()).doesNotContainKey("extra");
        assertThat(cj.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(2);
    }
}
