package io.tugboat.controllers.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/**
 * What a CronJob sync reads and writes in the API beside the informer caches: fresh reads where the cache may be
 * behind, Job creation and deletion, and events. One seam, so the sync's decisions are tested without a server.
 */
interface CronJobApi {

    /** A fresh read, bypassing the cache. */
    Optional<CronJob> getCronJob(String namespace, String name);

    /** A fresh read, bypassing the cache. */
    Optional<Job> getJob(String namespace, String name);

    /**
     * Creates the Job.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException as the API answered, e.g. 409 AlreadyExists
     */
    Job createJob(Job job);

    /**
     * Deletes the Job with background propagation (the garbage collector takes its pods).
     *
     * @return false when it was already gone
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API refused
     */
    boolean deleteJob(Job job);

    void normalEvent(CronJob about, String reason, String message);

    void warningEvent(CronJob about, String reason, String message);
}
