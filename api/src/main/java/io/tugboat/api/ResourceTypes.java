package io.tugboat.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of every kind the API serves, looked up by URL path segments or by apiVersion+kind. */
public final class ResourceTypes {

    private final List<ResourceType> all;
    private final Map<String, ResourceType> byGroupVersionPlural = new LinkedHashMap<>();
    private final Map<String, ResourceType> byApiVersionKind = new LinkedHashMap<>();

    public ResourceTypes(List<ResourceType> types) {
        this.all = List.copyOf(types);
        for (ResourceType t : all) {
            byGroupVersionPlural.put(t.groupVersion() + "|" + t.plural(), t);
            byApiVersionKind.put(t.apiVersion() + "|" + t.kind(), t);
        }
    }

    /** The kinds of Kubernetes itself that Tugboat serves. */
    public static ResourceTypes builtIn() {
        GroupVersion core = new GroupVersion("", "v1");
        GroupVersion apps = new GroupVersion("apps", "v1");
        GroupVersion batch = new GroupVersion("batch", "v1");
        GroupVersion coordination = new GroupVersion("coordination.k8s.io", "v1");
        GroupVersion discovery = new GroupVersion("discovery.k8s.io", "v1");
        GroupVersion rbac = new GroupVersion("rbac.authorization.k8s.io", "v1");
        GroupVersion policy = new GroupVersion("policy", "v1");
        GroupVersion scheduling = new GroupVersion("scheduling.k8s.io", "v1");
        List<ResourceType> t = new ArrayList<>();
        t.add(cluster(core, "Namespace", "namespaces", List.of("ns"), List.of(), Namespace.class, true));
        t.add(namespaced(core, "Pod", "pods", List.of("po"), List.of("all"), Pod.class, true, false));
        t.add(namespaced(core, "Service", "services", List.of("svc"), List.of("all"), Service.class, true, false));
        t.add(namespaced(core, "Endpoints", "endpoints", List.of("ep"), List.of(), Endpoints.class, false, false));
        t.add(namespaced(core, "ConfigMap", "configmaps", List.of("cm"), List.of(), ConfigMap.class, false, false));
        t.add(namespaced(core, "Secret", "secrets", List.of(), List.of(), Secret.class, false, false));
        t.add(cluster(core, "Node", "nodes", List.of("no"), List.of(), Node.class, true));
        t.add(namespaced(core, "Event", "events", List.of("ev"), List.of(), Event.class, false, false));
        t.add(namespaced(core, "ServiceAccount", "serviceaccounts", List.of("sa"), List.of(), ServiceAccount.class, false, false));
        t.add(cluster(core, "PersistentVolume", "persistentvolumes", List.of("pv"), List.of(), PersistentVolume.class, true));
        t.add(namespaced(core, "PersistentVolumeClaim", "persistentvolumeclaims", List.of("pvc"), List.of(), PersistentVolumeClaim.class, true, false));
        t.add(namespaced(apps, "Deployment", "deployments", List.of("deploy"), List.of("all"), Deployment.class, true, true));
        t.add(namespaced(apps, "ReplicaSet", "replicasets", List.of("rs"), List.of("all"), ReplicaSet.class, true, true));
        t.add(namespaced(apps, "StatefulSet", "statefulsets", List.of("sts"), List.of("all"), StatefulSet.class, true, true));
        t.add(namespaced(apps, "DaemonSet", "daemonsets", List.of("ds"), List.of("all"), DaemonSet.class, true, false));
        t.add(namespaced(batch, "Job", "jobs", List.of(), List.of("all"), Job.class, true, false));
        t.add(namespaced(batch, "CronJob", "cronjobs", List.of("cj"), List.of("all"), CronJob.class, true, false));
        t.add(namespaced(coordination, "Lease", "leases", List.of(), List.of(), Lease.class, false, false));
        t.add(namespaced(discovery, "EndpointSlice", "endpointslices", List.of(), List.of(), EndpointSlice.class, false, false));
        t.add(namespaced(rbac, "Role", "roles", List.of(), List.of(), Role.class, false, false));
        t.add(namespaced(rbac, "RoleBinding", "rolebindings", List.of(), List.of(), RoleBinding.class, false, false));
        t.add(cluster(rbac, "ClusterRole", "clusterroles", List.of(), List.of(), ClusterRole.class, false));
        t.add(cluster(rbac, "ClusterRoleBinding", "clusterrolebindings", List.of(), List.of(), ClusterRoleBinding.class, false));
        t.add(namespaced(policy, "PodDisruptionBudget", "poddisruptionbudgets", List.of("pdb"), List.of(), PodDisruptionBudget.class, true, false));
        t.add(cluster(scheduling, "PriorityClass", "priorityclasses", List.of("pc"), List.of(), PriorityClass.class, false));
        return new ResourceTypes(t);
    }

    private static ResourceType namespaced(GroupVersion gv, String kind, String plural, List<String> shortNames,
            List<String> categories, Class<? extends HasMetadata> type, boolean status, boolean scale) {
        return new ResourceType(gv, kind, plural, kind.toLowerCase(), true, shortNames, categories, type, status, scale);
    }

    private static ResourceType cluster(GroupVersion gv, String kind, String plural, List<String> shortNames,
            List<String> categories, Class<? extends HasMetadata> type, boolean status) {
        return new ResourceType(gv, kind, plural, kind.toLowerCase(), false, shortNames, categories, type, status, false);
    }

    public List<ResourceType> all() {
        return all;
    }

    public Optional<ResourceType> byPlural(GroupVersion gv, String plural) {
        return Optional.ofNullable(byGroupVersionPlural.get(gv + "|" + plural));
    }

    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byApiVersionKind.get(apiVersion + "|" + kind));
    }

    /** Every group-version served, in registration order, core first. */
    public List<GroupVersion> groupVersions() {
        List<GroupVersion> gvs = new ArrayList<>();
        for (ResourceType t : all) {
            if (!gvs.contains(t.groupVersion())) {
                gvs.add(t.groupVersion());
            }
        }
        return Collections.unmodifiableList(gvs);
    }

    public List<ResourceType> inGroupVersion(GroupVersion gv) {
        return all.stream().filter(t -> t.groupVersion().equals(gv)).toList();
    }
}
