package io.tugboat.api.patch.schema;

import static io.tugboat.api.patch.schema.FieldSpec.atomicObject;
import static io.tugboat.api.patch.schema.FieldSpec.keyedList;
import static io.tugboat.api.patch.schema.FieldSpec.mergeList;
import static io.tugboat.api.patch.schema.FieldSpec.mergeSet;
import static io.tugboat.api.patch.schema.FieldSpec.of;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The patch table of the Kubernetes kinds Tugboat serves, transcribed from the struct tags and list markers of
 * k8s.io/api v0.32 ({@code patchStrategy}, {@code patchMergeKey}, {@code +listType}, {@code +listMapKey},
 * {@code +structType=atomic}, {@code +mapType=atomic}). Only fields that differ from the defaults, and the fields
 * leading to them, are listed: every other map merges key by key and every other list is replaced whole (atomic),
 * which is what the tags say for them (tolerations, command, args, endpoint subsets, EndpointSlice endpoints, RBAC
 * rules and subjects, node taints, ...).
 */
public final class KubernetesSchema {

    /** The table; immutable. */
    public static final PatchSchema SCHEMA = build();

    /** The root type for custom resources: only metadata has known semantics. */
    public static final String GENERIC_OBJECT = "Object";

    private static final String OBJECT_META = "ObjectMeta";
    private static final String POD_TEMPLATE_SPEC = "PodTemplateSpec";
    private static final String CONDITIONS_STATUS = "ConditionsStatus";

    private KubernetesSchema() {
    }

    private static PatchSchema build() {
        PatchSchema.Builder b = PatchSchema.builder();
        b.type(OBJECT_META, Map.of(
                "ownerReferences", mergeList("uid"),
                "finalizers", mergeSet()));
        b.type(GENERIC_OBJECT, Map.of("metadata", of(OBJECT_META)));
        // Every status whose only special field is conditions, merged by type.
        b.type(CONDITIONS_STATUS, Map.of("conditions", mergeList("type")));

        podTypes(b);
        workloadTypes(b);
        coreTypes(b);
        rbacTypes(b);
        return b.build(GENERIC_OBJECT);
    }

    private static void podTypes(PatchSchema.Builder b) {
        b.type("Container", Map.of(
                // Kubernetes merges by containerPort alone in strategic merge patch but keys apply by
                // (containerPort, protocol), with protocol defaulted to TCP.
                "ports", mergeList("containerPort").withListMapKeys("containerPort", "protocol")
                        .withKeyDefault("protocol", "TCP"),
                "env", mergeList("name"),
                "volumeMounts", mergeList("mountPath"),
                "volumeDevices", mergeList("devicePath"),
                "resources", of("ResourceRequirements")));
        b.type("ResourceRequirements", Map.of("claims", keyedList("name")));
        b.type("PodSpec", Map.of(
                "volumes", mergeList("name").withRetainKeys(),
                "initContainers", mergeList("name").withType("Container"),
                "containers", mergeList("name").withType("Container"),
                // EphemeralContainer inlines the same fields as Container.
                "ephemeralContainers", mergeList("name").withType("Container"),
                "imagePullSecrets", mergeList("name"),
                "hostAliases", mergeList("ip"),
                "topologySpreadConstraints", mergeList("topologyKey")
                        .withListMapKeys("topologyKey", "whenUnsatisfiable"),
                "resourceClaims", mergeList("name").withRetainKeys(),
                "schedulingGates", mergeList("name")));
        b.type("PodStatus", Map.of(
                "conditions", mergeList("type"),
                "podIPs", mergeList("ip"),
                "hostIPs", mergeList("ip"),
                "resourceClaimStatuses", mergeList("name").withRetainKeys()));
        b.type(POD_TEMPLATE_SPEC, Map.of("metadata", of(OBJECT_META), "spec", of("PodSpec")));
        b.type("Pod", Map.of("metadata", of(OBJECT_META), "spec", of("PodSpec"), "status", of("PodStatus")));
        b.root("", "Pod", "Pod");
    }

    private static void workloadTypes(PatchSchema.Builder b) {
        // Label selectors are +structType=atomic: apply owns them whole, strategic merge patch still merges them.
        FieldSpec selector = atomicObject();
        FieldSpec template = of(POD_TEMPLATE_SPEC);
        b.type("DeploymentSpec", Map.of(
                "selector", selector,
                "template", template,
                "strategy", FieldSpec.retainKeysObject()));
        b.type("ReplicaSetSpec", Map.of("selector", selector, "template", template));
        b.type("StatefulSetSpec", Map.of("selector", selector, "template", template));
        b.type("DaemonSetSpec", Map.of("selector", selector, "template", template));
        b.type("JobSpec", Map.of("selector", selector, "template", template));
        // JobStatus.conditions is merged by type for patches but +listType=atomic for apply.
        b.type("JobStatus", Map.of("conditions", mergeList("type").withListType(ListType.ATOMIC)));
        b.type("JobTemplateSpec", Map.of("metadata", of(OBJECT_META), "spec", of("JobSpec")));
        b.type("CronJobSpec", Map.of("jobTemplate", of("JobTemplateSpec")));

        workload(b, "apps", "Deployment", "DeploymentSpec", CONDITIONS_STATUS);
        workload(b, "apps", "ReplicaSet", "ReplicaSetSpec", CONDITIONS_STATUS);
        workload(b, "apps", "StatefulSet", "StatefulSetSpec", CONDITIONS_STATUS);
        workload(b, "apps", "DaemonSet", "DaemonSetSpec", CONDITIONS_STATUS);
        workload(b, "batch", "Job", "JobSpec", "JobStatus");
        workload(b, "batch", "CronJob", "CronJobSpec", null);
    }

    private static void coreTypes(PatchSchema.Builder b) {
        b.type("ServiceSpec", Map.of(
                "ports", mergeList("port").withListMapKeys("port", "protocol").withKeyDefault("protocol", "TCP"),
                // +mapType=atomic
                "selector", atomicObject()));
        b.type("NodeSpec", Map.of("podCIDRs", mergeSet()));
        b.type("NodeStatus", Map.of("conditions", mergeList("type"), "addresses", mergeList("type")));
        b.type("PersistentVolumeClaimSpec", Map.of("selector", atomicObject()));
        // ObjectReference is +structType=atomic.
        b.type("PersistentVolumeSpec", Map.of("claimRef", atomicObject()));

        workload(b, "", "Service", "ServiceSpec", CONDITIONS_STATUS);
        workload(b, "", "Node", "NodeSpec", "NodeStatus");
        workload(b, "", "Namespace", null, CONDITIONS_STATUS);
        workload(b, "", "PersistentVolumeClaim", "PersistentVolumeClaimSpec", CONDITIONS_STATUS);
        workload(b, "", "PersistentVolume", "PersistentVolumeSpec", null);

        b.type("ServiceAccount", Map.of("metadata", of(OBJECT_META), "secrets", mergeList("name")));
        b.root("", "ServiceAccount", "ServiceAccount");
        b.type("Event", Map.of("metadata", of(OBJECT_META), "involvedObject", atomicObject(),
                "related", atomicObject()));
        b.root("", "Event", "Event");

        // Kinds whose only special fields are in metadata.
        b.root("", "ConfigMap", GENERIC_OBJECT);
        b.root("", "Secret", GENERIC_OBJECT);
        b.root("", "Endpoints", GENERIC_OBJECT);
        b.root("discovery.k8s.io", "EndpointSlice", GENERIC_OBJECT);
        b.root("coordination.k8s.io", "Lease", GENERIC_OBJECT);
    }

    private static void rbacTypes(PatchSchema.Builder b) {
        String rbac = "rbac.authorization.k8s.io";
        b.type("Binding", Map.of("metadata", of(OBJECT_META), "roleRef", atomicObject()));
        b.root(rbac, "Role", GENERIC_OBJECT);
        b.root(rbac, "ClusterRole", GENERIC_OBJECT);
        b.root(rbac, "RoleBinding", "Binding");
        b.root(rbac, "ClusterRoleBinding", "Binding");
    }

    /** A kind made of metadata, a spec and a status, either of which may have no special fields (null). */
    private static void workload(PatchSchema.Builder b, String group, String kind, String spec, String status) {
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        fields.put("metadata", of(OBJECT_META));
        if (spec != null) {
            fields.put("spec", of(spec));
        }
        if (status != null) {
            fields.put("status", of(status));
        }
        b.type(kind, fields);
        b.root(group, kind, kind);
    }
}
