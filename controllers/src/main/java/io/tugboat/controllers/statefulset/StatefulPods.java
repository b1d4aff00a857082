package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tugboat.controllers.support.Owners;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A StatefulSet's pods by identity: the stable name {@code <set>-<ordinal>}, its labels, and the claims it mounts. */
final class StatefulPods {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";

    private StatefulPods() {
    }

    static String podName(String set, int ordinal) {
        return set + "-" + ordinal;
    }

    static String claimName(String template, String set, int ordinal) {
        return template + "-" + podName(set, ordinal);
    }

    /** The ordinal of a pod named {@code <set>-<n>}; empty for any other name, which is then no member of the set (kube's getParentNameAndOrdinal). */
    static OptionalInt ordinalOf(String set, Pod pod) {
        String name = pod.getMetadata().getName();
        String prefix = set + "-";
        if (name == null || !name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = name.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    static String revisionOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(REVISION_LABEL);
    }

    /** The pod for one ordinal at one revision, from that revision's template. */
    static Pod newPod(StatefulSet set, PodTemplateSpec template, String revision, int ordinal) {
        String name = podName(set.getMetadata().getName(), ordinal);
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(REVISION_LABEL, revision);
        PodSpec spec = new PodSpecBuilder(template.getSpec()).build();
        // identity in DNS: <pod>.<serviceName>, as kube's initIdentity
        spec.setHostname(name);
        spec.setSubdomain(set.getSpec().getServiceName());
        spec.setVolumes(volumesWithClaims(set, spec.getVolumes(), ordinal));
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(set.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(meta.getAnnotations() == null ? null : new LinkedHashMap<>(meta.getAnnotations()))
                .withFinalizers(meta.getFinalizers() == null ? null : new ArrayList<>(meta.getFinalizers()))
                .withOwnerReferences(List.of(Owners.controllerRef(set)))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** The template's volumes with each claim template's volume (same name) replaced by its claim, as kube's updateStorage. */
    private static List<Volume> volumesWithClaims(StatefulSet set, List<Volume> volumes, int ordinal) {
        List<PersistentVolumeClaim> templates = claimTemplates(set);
        if (templates.isEmpty()) {
            return volumes;
        }
        List<Volume> result = new ArrayList<>();
        List<String> claimed = templates.stream().map(t -> t.getMetadata().getName()).toList();
        if (volumes != null) {
            volumes.stream().filter(v -> !claimed.contains(v.getName())).forEach(result::add);
        }
        for (String template : claimed) {
            result.add(new VolumeBuilder().withName(template).withNewPersistentVolumeClaim()
                    .withClaimName(claimName(template, set.getMetadata().getName(), ordinal)).endPersistentVolumeClaim().build());
        }
        return result;
    }

    static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        return templates == null ? List.of() : templates;
    }
}
