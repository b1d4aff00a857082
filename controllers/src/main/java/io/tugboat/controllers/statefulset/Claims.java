package io.tugboat.controllers.statefulset;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tugboat.controllers.support.Owners;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PersistentVolumeClaims of one ordinal, from the set's volumeClaimTemplates. Their owners follow
 * persistentVolumeClaimRetentionPolicy: Retain (the default for both) leaves them unowned so they outlive
 * the set and its scale-downs; whenDeleted: Delete makes the set their owner so the garbage collector removes
 * them with it.
 */
final class Claims {

    private Claims() {
    }

    static boolean deleteWhenScaled(StatefulSet set) {
        return set.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
                && "Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
    }

    static List<PersistentVolumeClaim> forOrdinal(StatefulSet set, int ordinal) {
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        boolean deleteWithSet = set.getSpec().getPersistentVolumeClaimRetentionPolicy() != null
                && "Delete".equals(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
        // a whenScaled: Delete claim is handed to its pod only when that pod is condemned (see the controller)
        for (PersistentVolumeClaim template : StatefulPods.claimTemplates(set)) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            LabelSelector selector = set.getSpec().getSelector();
            if (selector != null && selector.getMatchLabels() != null) {
                labels.putAll(selector.getMatchLabels());
            }
            claims.add(new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName(StatefulPods.claimName(template.getMetadata().getName(), set.getMetadata().getName(), ordinal))
                    .withNamespace(set.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(template.getMetadata().getAnnotations() == null ? null : new LinkedHashMap<>(template.getMetadata().getAnnotations()))
                    .withOwnerReferences(deleteWithSet ? List.of(Owners.controllerRef(set)) : null)
                    .endMetadata()
                    .withSpec(new PersistentVolumeClaimSpecBuilder(template.getSpec()).build())
                    .build());
        }
        return claims;
    }
}
