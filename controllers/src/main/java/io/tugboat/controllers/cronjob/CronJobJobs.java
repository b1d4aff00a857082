package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.tugboat.controllers.support.Owners;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Job a CronJob runs at a scheduled time, and the reference to it that status.active holds. */
final class CronJobJobs {

    /** Where kube records the scheduled time a Job was made for (RFC 3339, in the CronJob's time zone). */
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private CronJobJobs() {
    }

    /**
     * {@code <cronjob>-<minutes since the epoch>}: one name per scheduled time, so that a second attempt at the
     * same time (after a crash, or from a stale cache) is an AlreadyExists rather than a second Job.
     */
    static String jobName(String cronJobName, Instant scheduled) {
        return cronJobName + "-" + Math.floorDiv(scheduled.getEpochSecond(), 60);
    }

    /**
     * The Job for {@code scheduled}: the template's labels, annotations and spec, the scheduled-timestamp
     * annotation in {@code zone}, and a controller reference to the CronJob.
     */
    static Job fromTemplate(CronJob cronJob, Instant scheduled, ZoneId zone) {
        var template = cronJob.getSpec().getJobTemplate();
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        annotations.put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduled.atZone(zone)));
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(cronJob.getMetadata().getName(), scheduled))
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(meta.getLabels() == null ? null : new LinkedHashMap<>(meta.getLabels()))
                .withAnnotations(annotations)
                .withOwnerReferences(Owners.controllerRef(cronJob))
                .endMetadata()
                .withSpec(new JobSpecBuilder(template.getSpec()).build())
                .build();
    }

    /** The entry for status.active, as kube's reference.GetReference makes it. */
    static ObjectReference referenceTo(Job job) {
        var meta = job.getMetadata();
        return new ObjectReference("batch/v1", null, "Job", meta.getName(), meta.getNamespace(), meta.getResourceVersion(), meta.getUid());
    }
}
