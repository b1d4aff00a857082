package io.tugboat.controllers.daemonset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.tugboat.controllers.support.Owners;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A daemon pod as the DaemonSet controller makes it: the template with kube's default daemon tolerations,
 * the revision label, and spec.nodeName set to its node. kube instead pins the pod with a matchFields
 * node affinity and lets the scheduler bind it; binding it here is simpler, and the controller has already
 * checked the node's selector, affinity and taints.
 */
final class DaemonPods {

    static final String REVISION_LABEL = "controller-revision-hash";
    private static final int MAX_PREFIX = 58;

    private DaemonPods() {
    }

    static String revisionOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(REVISION_LABEL);
    }

    /** The template's spec with the tolerations every daemon pod gets (kube's AddOrUpdateDaemonPodTolerations). */
    static PodSpec specWithDefaultTolerations(PodSpec template) {
        PodSpec spec = new PodSpecBuilder(template).build();
        List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
        add(tolerations, "node.kubernetes.io/not-ready", "NoExecute");
        add(tolerations, "node.kubernetes.io/unreachable", "NoExecute");
        add(tolerations, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            add(tolerations, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        spec.setTolerations(tolerations);
        return spec;
    }

    private static void add(List<Toleration> tolerations, String key, String effect) {
        // kube's AddOrUpdateTolerationInPod: a toleration for the same key and effect is replaced
        tolerations.removeIf(t -> Objects.equals(t.getKey(), key) && Objects.equals(t.getEffect(), effect));
        tolerations.add(new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build());
    }

    static Pod newPod(DaemonSet ds, String revision, String nodeName) {
        PodTemplateSpec template = ds.getSpec().getTemplate();
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(REVISION_LABEL, revision);
        String prefix = ds.getMetadata().getName() + "-";
        PodSpec spec = specWithDefaultTolerations(template.getSpec());
        spec.setNodeName(nodeName);
        return new PodBuilder()
                .withNewMetadata()
                .withGenerateName(prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix)
                .withNamespace(ds.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(meta.getAnnotations() == null ? null : new LinkedHashMap<>(meta.getAnnotations()))
                .withFinalizers(meta.getFinalizers() == null ? null : new ArrayList<>(meta.getFinalizers()))
                .withOwnerReferences(List.of(Owners.controllerRef(ds)))
                .endMetadata()
                .withSpec(spec)
                .build();
    }
}
