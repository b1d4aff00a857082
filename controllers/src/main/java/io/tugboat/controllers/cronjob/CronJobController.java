package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.client.events.EventRecorder;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.SharedInformers;
import io.tugboat.controllers.support.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs Jobs on a schedule (kube's cronjob controller v2, batch/v1 CronJob). Each CronJob is reconciled when it or
 * one of its jobs changes, and again just after its next scheduled time through a delayed add to the work queue,
 * so nothing polls. Schedules without spec.timeZone are read in the zone of the controller's clock.
 */
public final class CronJobController extends LoopController<ObjectKey> {

    private static final String COMPONENT = "cronjob-controller";

    private final StatusWriter<CronJob, CronJobStatus> statusWriter;
    private final SharedIndexInformer<CronJob> cronJobs;
    private final SharedIndexInformer<Job> jobs;
    private final Clock clock;
    private final EventRecorder events;
    private final CronJobApi api;
    private final ScheduleParser parser = new ScheduleParser();

    public CronJobController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("cronjob", 2);
        this.statusWriter = new StatusWriter<>(client, CronJob.class, CronJobController::statusOf,
                (cronJob, status) -> new CronJobBuilder(cronJob).withStatus(status).build(),
                (current, next) -> normalized(current).equals(normalized(next)));
        this.clock = clock;
        this.cronJobs = informers.forKind(CronJob.class);
        this.jobs = informers.forKind(Job.class);
        this.events = new EventRecorder(client, COMPONENT, null, clock);
        this.api = new Fabric8CronJobApi(client, events);
        // a changed schedule is simply reconciled now: the reconcile computes the new next time and queues for it
        cronJobs.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                cronJobOf(job, Owners.controllerOf(job)).ifPresent(loop()::enqueue);
            }

            @Override
            public void onUpdate(Job before, Job after) {
                if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                    return;
                }
                Optional<OwnerReference> was = Owners.controllerOf(before);
                Optional<OwnerReference> is = Owners.controllerOf(after);
                if (!was.equals(is)) {
                    cronJobOf(before, was).ifPresent(loop()::enqueue);
                }
                cronJobOf(after, is).ifPresent(loop()::enqueue);
            }

            @Override
            public void onDelete(Job job, boolean unknownFinalState) {
                cronJobOf(job, Owners.controllerOf(job)).ifPresent(loop()::enqueue);
            }
        });
    }

    private static Optional<ObjectKey> cronJobOf(Job job, Optional<OwnerReference> controller) {
        return controller.filter(r -> "CronJob".equals(r.getKind()))
                .map(r -> new ObjectKey(job.getMetadata().getNamespace(), r.getName()));
    }

    @Override
    public void close() {
        super.close();
        events.close();
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        CronJob cached = cronJobs.getIndexer().getByKey(key.cacheKey());
        if (cached == null || cached.getSpec() == null) {
            return Optional.empty();
        }
        List<Job> owned = jobs.getIndexer().byIndex(SharedInformers.BY_CONTROLLER_UID, cached.getMetadata().getUid()).stream()
                .filter(j -> key.namespace().equals(j.getMetadata().getNamespace()))
                .toList();
        CronJobSync sync = new CronJobSync(api, parser, clock.getZone(), clock.instant(), cached);
        Optional<Duration> again;
        try {
            again = sync.run(owned);
        } catch (RuntimeException e) {
            // what the sync learnt before failing (jobs seen finished, deleted, created) is still written
            try {
                writeStatus(sync);
            } catch (RuntimeException w) {
                e.addSuppressed(w);
            }
            throw e;
        }
        writeStatus(sync);
        return again;
    }

    /** Writes status through the status subresource, only when it changed, pinned to the version it was computed from. */
    private void writeStatus(CronJobSync sync) {
        statusWriter.write(sync.base(), sync.status());
    }

    private static CronJobStatus statusOf(CronJob cronJob) {
        return cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
    }

    private static CronJobStatus normalized(CronJobStatus status) {
        CronJobStatus copy = new CronJobStatusBuilder(status).build();
        if (copy.getActive() != null && copy.getActive().isEmpty()) {
            copy.setActive(null);
        }
        return copy;
    }
}
