package io.tugboat.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tugboat.controllers.replicaset.PodRanking;
import io.tugboat.controllers.support.ControllerOwners;
import io.tugboat.controllers.support.Expectations;
import io.tugboat.controllers.support.Handlers;
import io.tugboat.controllers.support.LoopController;
import io.tugboat.controllers.support.ObjectKey;
import io.tugboat.controllers.support.Owners;
import io.tugboat.controllers.support.Pods;
import io.tugboat.controllers.support.SharedInformers;
import io.tugboat.controllers.support.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Jobs to completion (kube's job controller, NonIndexed): keeps min(parallelism, remaining completions) pods
 * active, counts succeeded and failed pods, and ends the Job Complete, or Failed at backoffLimit or
 * activeDeadlineSeconds, deleting what still runs. Failed pods are replaced after kube's back-off (10 s
 * doubling). Pods are counted while they exist, as kube did before finalizer-based tracking; the counts in
 * status never go down, so removing a finished pod does not undo it.
 */
public final class JobController extends LoopController<ObjectKey> {

    private static final Logger log = LoggerFactory.getLogger(JobController.class);
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
    private static final Duration BACKOFF_MAX = Duration.ofMinutes(6);

    private final KubernetesClient client;
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;
    private final Expectations<ObjectKey> expectations;
    private final ControllerOwners<Job> owners;
    private final Clock clock;

    public JobController(KubernetesClient client, SharedInformers informers, Clock clock) {
        super("job", 2);
        this.client = client;
        this.clock = clock;
        this.jobs = informers.forKind(Job.class);
        this.pods = informers.forKind(Pod.class);
        this.expectations = new Expectations<>(clock, Expectations.DEFAULT_TTL);
        this.owners = new ControllerOwners<>(jobs.getIndexer(), "Job", job -> job.getSpec().getSelector());
        jobs.addEventHandler(Handlers.enqueueSelf(loop()::enqueue));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                jobOf(pod).ifPresent(k -> {
                    if (Owners.isDeleting(pod)) {
                        expectations.deletionObserved(k, Pods.key(pod));
                    } else {
                        expectations.creationObserved(k);
                    }
                    loop().enqueue(k);
                });
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                    return;
                }
                jobOf(after).ifPresent(k -> {
                    if (Owners.isDeleting(after)) {
                        expectations.deletionObserved(k, Pods.key(after));
                    }
                    loop().enqueue(k);
                });
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                jobOf(pod).ifPresent(k -> {
                    expectations.deletionObserved(k, Pods.key(pod));
                    loop().enqueue(k);
                });
            }
        });
    }

    /** The cached Job the pod's controller reference names, uid included: a namesake's pod must not count as ours. */
    private Optional<ObjectKey> jobOf(Pod pod) {
        return owners.controllerOf(pod).map(ObjectKey::of);
    }

    @Override
    protected Optional<Duration> reconcile(ObjectKey key) {
        Job job = jobs.getIndexer().getByKey(key.cacheKey());
        if (job == null) {
            expectations.delete(key);
            return Optional.empty();
        }
        if (finished(job) || Owners.isDeleting(job)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<Pod> owned = pods.getIndexer().byIndex(SharedInformers.BY_CONTROLLER_UID, job.getMetadata().getUid());
        List<Pod> active = owned.stream().filter(Pods::isActive).toList();
        List<Pod> succeeded = owned.stream().filter(p -> "Succeeded".equals(Pods.phase(p))).toList();
        List<Pod> failed = owned.stream().filter(p -> "Failed".equals(Pods.phase(p))).toList();
        JobStatus previous = job.getStatus() == null ? new JobStatus() : job.getStatus();
        int succeededCount = Math.max(n(previous.getSucceeded()), succeeded.size());
        int failedCount = Math.max(n(previous.getFailed()), failed.size());
        boolean onFailureRestarts = "OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy());
        int restarts = onFailureRestarts ? active.stream().mapToInt(JobController::restarts).sum() : 0;

        JobStatus status = new JobStatusBuilder(previous).build();
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        if (status.getStartTime() == null && !suspended) {
            status.setStartTime(Times.format(now));
        }
        Integer completions = job.getSpec().getCompletions();
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        Instant started = Times.parse(status.getStartTime()).orElse(now);

        String failure = null;
        String failureMessage = null;
        if (failedCount + restarts > backoffLimit) {
            failure = "BackoffLimitExceeded";
            failureMessage = "Job has reached the specified backoff limit";
        } else if (deadline != null && !suspended && !started.plusSeconds(deadline).isAfter(now)) {
            failure = "DeadlineExceeded";
            failureMessage = "Job was active longer than specified deadline";
        }
        boolean complete = failure == null && (completions != null ? succeededCount >= completions
                : succeededCount > 0 && active.isEmpty());

        Optional<Duration> again = Optional.empty();
        if (failure != null || complete || suspended) {
            deleteAll(key, active);
            if (failure != null) {
                addCondition(status, "Failed", failure, failureMessage, now);
                log.info("job {}: failed ({})", key, failure);
            } else if (complete) {
                addCondition(status, "Complete", null, null, now);
                status.setCompletionTime(Times.format(now));
                log.info("job {}: complete", key);
            }
        } else if (expectations.satisfied(key)) {
            int wanted = completions == null ? (succeededCount > 0 ? 0 : parallelism)
                    : Math.min(parallelism, completions - succeededCount);
            int diff = active.size() - Math.max(wanted, 0);
            if (diff > 0) {
                deleteAll(key, PodRanking.toDelete(active, diff));
            } else if (diff < 0) {
                Duration wait = backoffRemaining(failed, failedCount, now);
                if (wait.isZero()) {
                    create(key, job, -diff);
                } else {
                    again = Optional.of(wait);
                }
            }
        }
        if (failure == null && !complete && deadline != null && !suspended) {
            Duration left = Duration.between(now, started.plusSeconds(deadline));
            again = Optional.of(again.map(d -> d.compareTo(left) < 0 ? d : left).orElse(left));
        }

        status.setActive(failure != null || complete ? 0 : active.size());
        status.setReady((int) active.stream().filter(Pods::isReady).count());
        status.setSucceeded(succeededCount);
        status.setFailed(failedCount);
        if (!status.equals(previous)) {
            client.batch().v1().jobs().inNamespace(key.namespace()).resource(new JobBuilder(job).withStatus(status).build()).updateStatus();
        }
        return again;
    }

    /** kube's pod failure back-off: 10 s doubling per failure, from the last failure, up to 6 minutes. */
    private static Duration backoffRemaining(List<Pod> failed, int failures, Instant now) {
        if (failures == 0) {
            return Duration.ZERO;
        }
        Instant last = failed.stream().map(JobController::finishedAt).flatMap(Optional::stream).max(Instant::compareTo).orElse(null);
        if (last == null) {
            return Duration.ZERO;
        }
        long factor = 1L << Math.min(failures - 1, 20);
        Duration delay = BACKOFF_BASE.multipliedBy(factor);
        if (delay.compareTo(BACKOFF_MAX) > 0) {
            delay = BACKOFF_MAX;
        }
        Duration left = Duration.between(now, last.plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Optional<Instant> finishedAt(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(s -> s.getState() == null || s.getState().getTerminated() == null ? null : s.getState().getTerminated().getFinishedAt())
                .map(Times::parse).flatMap(Optional::stream).max(Instant::compareTo);
    }

    private void create(ObjectKey key, Job job, int count) {
        expectations.expectCreations(key, count);
        KubernetesClientException failure = null;
        for (int i = 0; i < count; i++) {
            try {
                client.pods().inNamespace(key.namespace()).resource(JobPods.fromTemplate(job)).create();
            } catch (KubernetesClientException e) {
                expectations.creationObserved(key);
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteAll(ObjectKey key, List<Pod> victims) {
        if (victims.isEmpty()) {
            return;
        }
        expectations.expectDeletions(key, victims.stream().map(Pods::key).toList());
        for (Pod p : victims) {
            try {
                client.pods().inNamespace(key.namespace()).withName(p.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                expectations.deletionObserved(key, Pods.key(p));
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    private static void addCondition(JobStatus status, String type, String reason, String message, Instant now) {
        List<JobCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
        conditions.removeIf(c -> type.equals(c.getType()));
        String t = Times.format(now);
        conditions.add(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(t).withLastTransitionTime(t).build());
        status.setConditions(conditions);
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return p.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
