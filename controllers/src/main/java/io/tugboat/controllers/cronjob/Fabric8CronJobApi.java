package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tugboat.client.events.EventRecorder;
import java.util.Optional;

/** {@link CronJobApi} through the fabric8 client, events through an {@link EventRecorder}. */
final class Fabric8CronJobApi implements CronJobApi {

    private final KubernetesClient client;
    private final EventRecorder events;

    Fabric8CronJobApi(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public Optional<CronJob> getCronJob(String namespace, String name) {
        return Optional.ofNullable(client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Job> getJob(String namespace, String name) {
        return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Job createJob(Job job) {
        return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
    }

    @Override
    public boolean deleteJob(Job job) {
        return !client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().isEmpty();
    }

    @Override
    public void normalEvent(CronJob about, String reason, String message) {
        events.normal(about, reason, message);
    }

    @Override
    public void warningEvent(CronJob about, String reason, String message) {
        events.warning(about, reason, message);
    }
}
