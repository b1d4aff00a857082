package io.tugboat.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployment controller's writes. Every update carries the resourceVersion it was computed from, so a
 * decision made on a stale cache fails with 409 and the key is synced again from fresher state.
 */
final class ReplicaSetWriter {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSetWriter.class);

    private final KubernetesClient client;

    ReplicaSetWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Sets a ReplicaSet's size and its replica annotations (kube's scaleReplicaSet); the same object if nothing changes. */
    ReplicaSet scale(Rollout r, ReplicaSet rs, int replicas) {
        Deployment d = r.deployment;
        Map<String, String> annotations = Revisions.withReplicaAnnotations(rs.getMetadata().getAnnotations(),
                Deployments.replicas(d), Deployments.replicas(d) + Surge.of(d).surge());
        int current = Deployments.specReplicas(rs);
        if (current == replicas && annotations == rs.getMetadata().getAnnotations()) {
            return rs;
        }
        ReplicaSet copy = new ReplicaSetBuilder(rs).editMetadata().withAnnotations(annotations).endMetadata()
                .editSpec().withReplicas(replicas).endSpec().build();
        ReplicaSet updated = client.apps().replicaSets().inNamespace(ns(rs)).resource(copy).update();
        if (current != replicas) {
            log.info("deployment {}/{}: scaled {} replica set {} from {} to {}", ns(rs), d.getMetadata().getName(),
                    replicas > current ? "up" : "down", rs.getMetadata().getName(), current, replicas);
        }
        r.replace(updated);
        return updated;
    }

    ReplicaSet update(ReplicaSet changed) {
        return client.apps().replicaSets().inNamespace(ns(changed)).resource(changed).update();
    }

    ReplicaSet create(ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(ns(rs)).resource(rs).create();
    }

    ReplicaSet get(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }

    void delete(ReplicaSet rs) {
        client.apps().replicaSets().inNamespace(ns(rs)).withName(rs.getMetadata().getName()).delete();
    }

    /** Sets the Deployment's revision annotation, which lives in metadata and so cannot go with a status update. */
    Deployment setRevision(Deployment d, String revision) {
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        if (annotations != null && Objects.equals(annotations.get(Revisions.REVISION), revision)) {
            return d;
        }
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of(
                "resourceVersion", d.getMetadata().getResourceVersion(),
                "annotations", Map.of(Revisions.REVISION, revision))));
        return client.apps().deployments().inNamespace(ns(d)).withName(d.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    Deployment updateStatus(Deployment d, DeploymentStatus status) {
        Deployment copy = new DeploymentBuilder(d).withStatus(status).build();
        return client.apps().deployments().inNamespace(ns(d)).resource(copy).updateStatus();
    }

    private static String ns(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getNamespace();
    }
}
