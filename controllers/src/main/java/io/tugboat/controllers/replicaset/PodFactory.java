package io.tugboat.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.tugboat.controllers.support.Owners;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** A pod as a ReplicaSet makes it: the template's labels, annotations, finalizers and spec, a generated name, a controller reference. */
final class PodFactory {

    /** kube's maxGeneratedNameLength: 63 minus the five random characters the server appends. */
    private static final int MAX_PREFIX = 58;

    private PodFactory() {
    }

    static Pod fromTemplate(ReplicaSet rs) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        String prefix = rs.getMetadata().getName() + "-";
        if (prefix.length() > MAX_PREFIX) {
            prefix = prefix.substring(0, MAX_PREFIX);
        }
        return new PodBuilder()
                .withNewMetadata()
                .withGenerateName(prefix)
                .withNamespace(rs.getMetadata().getNamespace())
                .withLabels(meta.getLabels() == null ? null : new LinkedHashMap<>(meta.getLabels()))
                .withAnnotations(meta.getAnnotations() == null ? null : new LinkedHashMap<>(meta.getAnnotations()))
                .withFinalizers(meta.getFinalizers() == null ? null : new ArrayList<>(meta.getFinalizers()))
                .withOwnerReferences(List.of(Owners.controllerRef(rs)))
                .endMetadata()
                .withSpec(new PodSpecBuilder(template.getSpec()).build())
                .build();
    }
}
