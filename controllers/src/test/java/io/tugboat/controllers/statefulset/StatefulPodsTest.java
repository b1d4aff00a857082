package io.tugboat.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatefulPodsTest {

    private static final StatefulSet SET = Serialization.unmarshal("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: ns, uid: u1}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: c, image: x, command: [sleep, "1000"]}]
                  volumes: [{name: data, emptyDir: {}}, {name: other, emptyDir: {}}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Mi}}}
            """, StatefulSet.class);

    @Test
    void podHasItsIdentityLabelsAndMountsItsClaim() {
        Pod pod = StatefulPods.newPod(SET, SET.getSpec().getTemplate(), "db-abc", 2);
        assertThat(pod.getMetadata().getName()).isEqualTo("db-2");
        assertThat(pod.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "db-2")
                .containsEntry("apps.kubernetes.io/pod-index", "2").containsEntry("controller-revision-hash", "db-abc").containsEntry("app", "db");
        assertThat(pod.getSpec().getHostname()).isEqualTo("db-2");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("db");
        assertThat(pod.getSpec().getVolumes()).hasSize(2);
        assertThat(pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow()
                .getPersistentVolumeClaim().getClaimName()).isEqualTo("data-db-2");
        assertThat(pod.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
        assertThat(StatefulPods.ordinalOf("db", pod)).hasValue(2);
    }

    @Test
    void claimsAreRetainedByDefault() {
        var claims = Claims.forOrdinal(SET, 0);
        assertThat(claims).hasSize(1);
        assertThat(claims.get(0).getMetadata().getName()).isEqualTo("data-db-0");
        assertThat(claims.get(0).getMetadata().getLabels()).containsEntry("app", "db");
        assertThat(claims.get(0).getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void claimsAreOwnedByTheSetWhenDeletedWithIt() {
        StatefulSet deleting = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(SET).editSpec()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete").withWhenScaled("Delete").endPersistentVolumeClaimRetentionPolicy()
                .endSpec().build();
        var claim = Claims.forOrdinal(deleting, 1).get(0);
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getUid()).isEqualTo("u1");
            assertThat(r.getController()).isTrue();
        });
        assertThat(Claims.deleteWhenScaled(deleting)).isTrue();
        assertThat(Claims.deleteWhenScaled(SET)).isFalse();
    }

    @Test
    void rollIsCompleteOnlyWhenEveryPodIsUpdatedAndReady() {
        Pod fresh = StatefulPods.newPod(SET, SET.getSpec().getTemplate(), "db-new", 0);
        fresh.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        var status = StatefulSetStatuses.calculate(SET, List.of(fresh), "db-old", "db-new", java.time.Instant.now());
        assertThat(status.getCurrentRevision()).isEqualTo("db-new");
        assertThat(status.getUpdatedReplicas()).isEqualTo(1);
        assertThat(status.getReadyReplicas()).isEqualTo(1);
    }
}
