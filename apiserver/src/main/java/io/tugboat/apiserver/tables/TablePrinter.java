package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns {@code kubectl get} shows for each kind, computed on the server as Kubernetes'
 * printers compute them, so that kubectl (which prints whatever cells it is sent) shows what it
 * shows against a real cluster. Kinds without a printer get Kubernetes' default NAME / CREATED AT
 * columns. Immutable and safe to share between request threads.
 */
public final class TablePrinter {

    private static final String CORE = "";
    private static final String APPS = "apps";
    private static final String BATCH = "batch";
    private static final String RBAC = "rbac.authorization.k8s.io";

    private final Map<GroupKind, KindPrinter> printers;
    private final KindPrinter fallback = new MetadataPrinter();

    /** A printer for every built-in kind Tugboat serves. */
    public TablePrinter() {
        this(builtIn());
    }

    private TablePrinter(Map<GroupKind, KindPrinter> printers) {
        this.printers = Map.copyOf(printers);
    }

    /** A copy that prints {@code kind} with {@code printer}, e.g. for a kind of Tugboat's own. */
    public TablePrinter withPrinter(GroupKind kind, KindPrinter printer) {
        Map<GroupKind, KindPrinter> copy = new HashMap<>(printers);
        copy.put(kind, printer);
        return new TablePrinter(copy);
    }

    /** The column definitions for this kind, wide (priority 1) ones included. */
    public List<Column> columns(ResourceType type) {
        return printerFor(type).columns();
    }

    /**
     * One row's cells, in the order of {@link #columns(ResourceType)}: String, Long or Boolean.
     *
     * @param now the instant ages are measured to
     */
    public List<Object> cells(ResourceType type, ObjectNode object, Instant now) {
        return printerFor(type).cells(object, now);
    }

    private KindPrinter printerFor(ResourceType type) {
        return printers.getOrDefault(GroupKind.of(type), fallback);
    }

    private static Map<GroupKind, KindPrinter> builtIn() {
        Map<GroupKind, KindPrinter> m = new HashMap<>();
        m.put(new GroupKind(CORE, "Pod"), new PodPrinter());
        m.put(new GroupKind(CORE, "Namespace"), new NamespacePrinter());
        m.put(new GroupKind(CORE, "Node"), new NodePrinter());
        m.put(new GroupKind(CORE, "Service"), new ServicePrinter());
        m.put(new GroupKind(CORE, "Endpoints"), new EndpointsPrinter());
        m.put(new GroupKind(CORE, "ConfigMap"), new ConfigMapPrinter());
        m.put(new GroupKind(CORE, "Secret"), new SecretPrinter());
        m.put(new GroupKind(CORE, "ServiceAccount"), new ServiceAccountPrinter());
        m.put(new GroupKind(CORE, "Event"), new EventPrinter());
        m.put(new GroupKind(CORE, "PersistentVolume"), new PersistentVolumePrinter());
        m.put(new GroupKind(CORE, "PersistentVolumeClaim"), new PersistentVolumeClaimPrinter());
        m.put(new GroupKind(APPS, "Deployment"), new DeploymentPrinter());
        m.put(new GroupKind(APPS, "ReplicaSet"), new ReplicaSetPrinter());
        m.put(new GroupKind(APPS, "StatefulSet"), new StatefulSetPrinter());
        m.put(new GroupKind(APPS, "DaemonSet"), new DaemonSetPrinter());
        m.put(new GroupKind(BATCH, "Job"), new JobPrinter());
        m.put(new GroupKind(BATCH, "CronJob"), new CronJobPrinter());
        m.put(new GroupKind("coordination.k8s.io", "Lease"), new LeasePrinter());
        m.put(new GroupKind("discovery.k8s.io", "EndpointSlice"), new EndpointSlicePrinter());
        m.put(new GroupKind(RBAC, "RoleBinding"), new RoleBindingPrinter("roleBinding"));
        m.put(new GroupKind(RBAC, "ClusterRoleBinding"), new RoleBindingPrinter("clusterRoleBinding"));
        // Role and ClusterRole have no printer in Kubernetes either: they show NAME and CREATED AT.
        return m;
    }
}
