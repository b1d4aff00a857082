package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tugboat.controllers.support.Owners;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kube's getAllReplicaSetsAndSyncRevision: finds or creates the ReplicaSet for the Deployment's current
 * template, gives it the next revision, and records that revision on the Deployment.
 */
final class NewReplicaSets {

    private final ReplicaSetWriter writer;
    private final Clock clock;

    NewReplicaSets(ReplicaSetWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    void sync(Rollout r, boolean createIfMissing) {
        Deployment d = r.deployment;
        long newRevision = Revisions.max(r.old) + 1;
        if (r.newRS != null) {
            ReplicaSet rs = r.newRS;
            Map<String, String> annotations = Revisions.forNewReplicaSet(d, rs, newRevision, -1);
            boolean minReadyChanged = !Objects.equals(nz(rs.getSpec().getMinReadySeconds()), Deployments.minReadySeconds(d));
            if (!annotations.equals(rs.getMetadata().getAnnotations() == null ? Map.of() : rs.getMetadata().getAnnotations()) || minReadyChanged) {
                ReplicaSet changed = new ReplicaSetBuilder(rs).editMetadata().withAnnotations(annotations).endMetadata()
                        .editSpec().withMinReadySeconds(Deployments.minReadySeconds(d)).endSpec().build();
                r.replace(writer.update(changed));
            }
            recordRevision(r);
            if (Deployments.progressDeadline(d) >= 0 && Conditions.get(d.getStatus(), Conditions.PROGRESSING).isEmpty()) {
                DeploymentStatus status = copy(r.deployment.getStatus());
                Conditions.set(status, Conditions.make(Conditions.PROGRESSING, "True", Conditions.FOUND_NEW_RS,
                        "Found new replica set \"" + r.newRS.getMetadata().getName() + "\"", clock.instant()));
                r.deployment = writer.updateStatus(r.deployment, status);
            }
            return;
        }
        if (!createIfMissing) {
            return;
        }
        ReplicaSet created = createNew(r, newRevision);
        r.newRS = created;
        recordRevision(r);
        if (Deployments.progressDeadline(d) >= 0) {
            DeploymentStatus status = copy(r.deployment.getStatus());
            Conditions.set(status, Conditions.make(Conditions.PROGRESSING, "True", Conditions.NEW_RS_CREATED,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", clock.instant()));
            r.deployment = writer.updateStatus(r.deployment, status);
        }
    }

    private ReplicaSet createNew(Rollout r, long revision) {
        Deployment d = r.deployment;
        String hash = TemplateHash.of(d.getSpec().getTemplate(), d.getStatus() == null ? null : d.getStatus().getCollisionCount());
        String name = d.getMetadata().getName() + "-" + hash;
        PodTemplateSpec template = withHashLabel(d.getSpec().getTemplate(), hash);
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(TemplateHash.LABEL, hash).build();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        int replicas = ScaleMath.newReplicaSetReplicas(r, null);
        ReplicaSet skeleton = new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(d.getMetadata().getNamespace())
                .withLabels(labels).withOwnerReferences(List.of(Owners.controllerRef(d))).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(Deployments.minReadySeconds(d))
                .withSelector(selector).withTemplate(template).endSpec().build();
        Map<String, String> annotations = Revisions.forNewReplicaSet(d, skeleton, revision,
                Deployments.replicas(d) + Surge.of(d).surge());
        ReplicaSet rs = new ReplicaSetBuilder(skeleton).editMetadata().withAnnotations(annotations).endMetadata().build();
        try {
            return writer.create(rs);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        // The name is taken. Ours, not yet in the cache: use it. Anything else is a hash collision: count it,
        // which changes the hash on the next sync (kube's collisionCount).
        ReplicaSet existing = writer.get(d.getMetadata().getNamespace(), name);
        if (existing != null && Owners.isControlledBy(existing, d)
                && TemplateHash.equalIgnoringHash(existing.getSpec().getTemplate(), d.getSpec().getTemplate())) {
            return existing;
        }
        DeploymentStatus status = copy(d.getStatus());
        status.setCollisionCount(status.getCollisionCount() == null ? 1 : status.getCollisionCount() + 1);
        r.deployment = writer.updateStatus(d, status);
        throw new KubernetesClientException("hash collision for replica set " + name + "; collisionCount is now " + status.getCollisionCount());
    }

    private void recordRevision(Rollout r) {
        String revision = r.newRS.getMetadata().getAnnotations() == null ? null : r.newRS.getMetadata().getAnnotations().get(Revisions.REVISION);
        if (revision != null) {
            r.deployment = writer.setRevision(r.deployment, revision);
        }
    }

    private static PodTemplateSpec withHashLabel(PodTemplateSpec template, String hash) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels() == null ? Map.of() : copy.getMetadata().getLabels());
        labels.put(TemplateHash.LABEL, hash);
        copy.getMetadata().setLabels(labels);
        return copy;
    }

    static DeploymentStatus copy(DeploymentStatus status) {
        return status == null ? new DeploymentStatus() : new DeploymentStatusBuilder(status).build();
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
