package io.tugboat.apiserver.openapi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields Kubernetes marks required in its published schemas. fabric8's model carries no such
 * marker, so the common ones are listed here; kubectl explain shows them as {@code -required-}.
 * Only documentation: whether an object is valid is decided by the API's validation, not by this list.
 */
final class RequiredFields {

    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String BATCH = "io.k8s.api.batch.v1.";
    private static final String DISCOVERY = "io.k8s.api.discovery.v1.";
    private static final String RBAC = "io.k8s.api.rbac.v1.";
    private static final String CORE = DefinitionNames.CORE;
    private static final String META = DefinitionNames.META;

    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry(CORE + "Container", List.of("name")),
            Map.entry(CORE + "EphemeralContainer", List.of("name")),
            Map.entry(CORE + "ContainerPort", List.of("containerPort")),
            Map.entry(CORE + "EnvVar", List.of("name")),
            Map.entry(CORE + "Volume", List.of("name")),
            Map.entry(CORE + "VolumeMount", List.of("name", "mountPath")),
            Map.entry(CORE + "VolumeDevice", List.of("name", "devicePath")),
            Map.entry(CORE + "PodSpec", List.of("containers")),
            Map.entry(CORE + "ServicePort", List.of("port")),
            Map.entry(CORE + "KeyToPath", List.of("key", "path")),
            Map.entry(CORE + "ConfigMapKeySelector", List.of("key")),
            Map.entry(CORE + "SecretKeySelector", List.of("key")),
            Map.entry(CORE + "ObjectFieldSelector", List.of("fieldPath")),
            Map.entry(CORE + "ResourceFieldSelector", List.of("resource")),
            Map.entry(CORE + "HTTPGetAction", List.of("port")),
            Map.entry(CORE + "TCPSocketAction", List.of("port")),
            Map.entry(CORE + "GRPCAction", List.of("port")),
            Map.entry(CORE + "HTTPHeader", List.of("name", "value")),
            Map.entry(CORE + "HostPathVolumeSource", List.of("path")),
            Map.entry(CORE + "PersistentVolumeClaimVolumeSource", List.of("claimName")),
            Map.entry(CORE + "NodeSelector", List.of("nodeSelectorTerms")),
            Map.entry(CORE + "NodeSelectorRequirement", List.of("key", "operator")),
            Map.entry(CORE + "PreferredSchedulingTerm", List.of("weight", "preference")),
            Map.entry(CORE + "WeightedPodAffinityTerm", List.of("weight", "podAffinityTerm")),
            Map.entry(CORE + "PodAffinityTerm", List.of("topologyKey")),
            Map.entry(CORE + "TopologySpreadConstraint", List.of("maxSkew", "topologyKey", "whenUnsatisfiable")),
            Map.entry(CORE + "Taint", List.of("key", "effect")),
            Map.entry(CORE + "Sysctl", List.of("name", "value")),
            Map.entry(CORE + "NodeAddress", List.of("type", "address")),
            Map.entry(CORE + "NodeCondition", List.of("type", "status")),
            Map.entry(CORE + "PodCondition", List.of("type", "status")),
            Map.entry(CORE + "NamespaceCondition", List.of("type", "status")),
            Map.entry(CORE + "PersistentVolumeClaimCondition", List.of("type", "status")),
            Map.entry(CORE + "ContainerStatus", List.of("name", "ready", "restartCount", "image", "imageID")),
            Map.entry(CORE + "EndpointAddress", List.of("ip")),
            Map.entry(CORE + "EndpointPort", List.of("port")),
            Map.entry(CORE + "Event", List.of("metadata", "involvedObject")),
            Map.entry(APPS + "DeploymentSpec", List.of("selector", "template")),
            Map.entry(APPS + "ReplicaSetSpec", List.of("selector")),
            Map.entry(APPS + "StatefulSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "DaemonSetSpec", List.of("selector", "template")),
            Map.entry(APPS + "DeploymentCondition", List.of("type", "status")),
            Map.entry(APPS + "ReplicaSetCondition", List.of("type", "status")),
            Map.entry(APPS + "StatefulSetCondition", List.of("type", "status")),
            Map.entry(APPS + "DaemonSetCondition", List.of("type", "status")),
            Map.entry(BATCH + "JobSpec", List.of("template")),
            Map.entry(BATCH + "CronJobSpec", List.of("schedule", "jobTemplate")),
            Map.entry(BATCH + "JobCondition", List.of("type", "status")),
            Map.entry(DISCOVERY + "EndpointSlice", List.of("addressType", "endpoints")),
            Map.entry(DISCOVERY + "Endpoint", List.of("addresses")),
            Map.entry(RBAC + "RoleRef", List.of("apiGroup", "kind", "name")),
            Map.entry(RBAC + "Subject", List.of("kind", "name")),
            Map.entry(RBAC + "PolicyRule", List.of("verbs")),
            Map.entry(RBAC + "RoleBinding", List.of("roleRef")),
            Map.entry(RBAC + "ClusterRoleBinding", List.of("roleRef")),
            Map.entry(META + "OwnerReference", List.of("apiVersion", "kind", "name", "uid")),
            Map.entry(META + "LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry(META + "Condition", List.of("type", "status", "lastTransitionTime", "reason", "message")),
            Map.entry(META + "APIResourceList", List.of("groupVersion", "resources")),
            Map.entry(META + "APIResource", List.of("name", "singularName", "namespaced", "kind", "verbs")));

    /** The required fields of a definition, restricted to those its model actually has. */
    List<String> of(String definitionName, Collection<String> properties) {
        return REQUIRED.getOrDefault(definitionName, List.of()).stream().filter(properties::contains).toList();
    }
}
