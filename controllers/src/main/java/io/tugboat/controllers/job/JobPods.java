package io.tugboat.controllers.job;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.tugboat.controllers.support.Owners;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Job's pod: the template, the labels kube's API server adds to Job templates, and a controller reference. */
final class JobPods {

    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

    private JobPods() {
    }

    static Pod fromTemplate(Job job) {
        ObjectMeta meta = job.getSpec().getTemplate().getMetadata() == null ? new ObjectMeta() : job.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
        // kube's API server puts these on every Job's template; ours does not, so the controller does
        labels.putIfAbsent(JOB_NAME, job.getMetadata().getName());
        labels.putIfAbsent("job-name", job.getMetadata().getName());
        labels.putIfAbsent(CONTROLLER_UID, job.getMetadata().getUid());
        labels.putIfAbsent("controller-uid", job.getMetadata().getUid());
        String prefix = job.getMetadata().getName() + "-";
        return new PodBuilder()
                .withNewMetadata()
                .withGenerateName(prefix.length() > 58 ? prefix.substring(0, 58) : prefix)
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(meta.getAnnotations() == null ? null : new LinkedHashMap<>(meta.getAnnotations()))
                .withOwnerReferences(List.of(Owners.controllerRef(job)))
                .endMetadata()
                .withSpec(new PodSpecBuilder(job.getSpec().getTemplate().getSpec()).build())
                .build();
    }
}
