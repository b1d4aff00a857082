package io.tugboat.api.patch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KubernetesSchemaTest {

    private static final PatchSchema SCHEMA = KubernetesSchema.SCHEMA;

    @ParameterizedTest
    @ValueSource(strings = {"Pod", "Service", "ConfigMap", "Secret", "Namespace", "Node", "Endpoints",
            "PersistentVolume", "PersistentVolumeClaim", "ServiceAccount", "Event", "Deployment.apps",
            "ReplicaSet.apps", "StatefulSet.apps", "DaemonSet.apps", "Job.batch", "CronJob.batch",
            "EndpointSlice.discovery.k8s.io", "Lease.coordination.k8s.io", "Role.rbac.authorization.k8s.io",
            "RoleBinding.rbac.authorization.k8s.io", "ClusterRole.rbac.authorization.k8s.io",
            "ClusterRoleBinding.rbac.authorization.k8s.io"})
    void knowsEveryBuiltInKindTugboatServes(String kindKey) {
        assertThat(SCHEMA.root(GroupKind.parse(kindKey))).isPresent();
    }

    @Test
    void aDeploymentsContainersAreAPodSpecsContainers() {
        TypeSpec deployment = SCHEMA.root(GroupKind.of("apps/v1", "Deployment")).orElseThrow();
        TypeSpec podSpec = SCHEMA.type(SCHEMA.type(SCHEMA.type(deployment.field("spec").type())
                .field("template").type()).field("spec").type());
        FieldSpec containers = podSpec.field("containers");
        assertThat(containers.strategy()).isEqualTo(PatchStrategy.MERGE);
        assertThat(containers.mergeKey()).isEqualTo("name");
        FieldSpec ports = SCHEMA.type(containers.type()).field("ports");
        assertThat(ports.mergeKey()).isEqualTo("containerPort");
        assertThat(ports.listMapKeys()).containsExactly("containerPort", "protocol");
        assertThat(ports.keyDefaults()).containsEntry("protocol", "TCP");
        assertThat(podSpec.field("tolerations")).isEqualTo(FieldSpec.DEFAULT);
        assertThat(podSpec.field("volumes").retainKeys()).isTrue();
    }

    @Test
    void customResourcesAreUnknownButGetGenericMetadata() {
        GroupKind widget = GroupKind.parse("Widget.example.com");
        assertThat(widget.group()).isEqualTo("example.com");
        assertThat(SCHEMA.root(widget)).isEmpty();
        assertThat(SCHEMA.type(SCHEMA.rootOrGeneric(widget).field("metadata").type())
                .field("finalizers").listType()).isEqualTo(ListType.SET);
    }

    @Test
    void groupKindsPrintAsKubernetesDoes() {
        assertThat(GroupKind.of("v1", "Pod")).hasToString("Pod");
        assertThat(GroupKind.of("coordination.k8s.io/v1", "Lease")).hasToString("Lease.coordination.k8s.io");
        assertThat(GroupKind.parse("Lease.coordination.k8s.io")).isEqualTo(GroupKind.of("coordination.k8s.io/v1", "Lease"));
    }

    @Test
    void aTableNamingAnUnknownTypeIsRefused() {
        PatchSchema.Builder builder = PatchSchema.builder()
                .type("Object", Map.of("spec", FieldSpec.of("Missing")));
        assertThatThrownBy(() -> builder.build("Object")).hasMessageContaining("Missing");
    }
}
