package io.tugboat.apiserver.protobuf;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the .proto files do not say about the Go structs behind them, but Kubernetes' JSON depends on.
 *
 * <p><b>Which scalar fields are pointers.</b> Go-to-protobuf declares every field {@code optional}; a Go client
 * writes every non-pointer field on the wire, zero or not, and a pointer field only when it is set. The JSON a
 * Go client sends for the same object leaves the zero non-pointer fields out ({@code omitempty}). The server
 * relies on that: its defaulting sees {@code "restartPolicy": ""} as a value, not as "unset". So a scalar
 * field at its zero value ("" / 0 / false) is dropped unless it is listed here as a Go pointer, where zero is
 * a real choice ({@code replicas: 0}, {@code runAsUser: 0}, {@code automountServiceAccountToken: false}).
 *
 * <p><b>Which message fields are inlined.</b> A Go struct embedded with {@code json:",inline"} becomes a proto
 * field named after the embedded type ({@code Volume.volumeSource}); in JSON its fields sit in the parent.
 *
 * <p>The lists cover the groups Tugboat serves (core, apps, batch, rbac, coordination, discovery, meta) and
 * the inline fields of the other bundled groups. They were taken from k8s.io/api and apimachinery (1.34);
 * names the bundled descriptors do not know yet (fields newer than client-java-proto) are skipped.
 */
final class GoFieldRules {

    /** Go pointer scalar fields, by proto package: "Message: field field ...". */
    private static final String POINTER_SCALARS = """
            k8s.io.apimachinery.pkg.apis.meta.v1
              ObjectMeta: deletionGracePeriodSeconds
              OwnerReference: controller blockOwnerDeletion
              ListMeta: remainingItemCount
              DeleteOptions: gracePeriodSeconds orphanDependents propagationPolicy ignoreStoreReadErrorWithClusterBreakingPotential
              Preconditions: uid resourceVersion
              ListOptions: timeoutSeconds sendInitialEvents
            k8s.io.api.core.v1
              AppArmorProfile: localhostProfile
              AzureDiskVolumeSource: cachingMode fsType readOnly kind
              AzureFilePersistentVolumeSource: secretNamespace
              CSIVolumeSource: readOnly fsType
              ClaimSource: resourceClaimName resourceClaimTemplateName
              ClientIPConfig: timeoutSeconds
              ClusterTrustBundleProjection: name signerName optional
              ConfigMap: immutable
              ConfigMapEnvSource: optional
              ConfigMapKeySelector: optional
              ConfigMapProjection: optional
              ConfigMapVolumeSource: defaultMode optional
              Container: restartPolicy
              ContainerStatus: started stopSignal
              DownwardAPIVolumeFile: mode
              DownwardAPIVolumeSource: defaultMode
              EndpointAddress: nodeName
              EndpointPort: appProtocol
              EphemeralContainerCommon: restartPolicy
              FCVolumeSource: lun
              FileKeySelector: optional
              GRPCAction: service
              GlusterfsPersistentVolumeSource: endpointsNamespace
              HostPathVolumeSource: type
              ISCSIPersistentVolumeSource: initiatorName
              ISCSIVolumeSource: initiatorName
              KeyToPath: mode
              Lifecycle: stopSignal
              LoadBalancerIngress: ipMode
              LocalVolumeSource: fsType
              NodeFeatures: supplementalGroupsPolicy
              NodeRuntimeHandlerFeatures: recursiveReadOnlyMounts userNamespaces
              NodeSwapStatus: capacity
              PersistentVolumeClaimSpec: storageClassName volumeMode volumeAttributesClassName
              PersistentVolumeClaimStatus: currentVolumeAttributesClassName
              PersistentVolumeSpec: volumeMode volumeAttributesClassName
              PodCertificateProjection: maxExpirationSeconds
              PodDNSConfigOption: value
              PodLogOptions: sinceSeconds tailLines limitBytes stream
              PodResourceClaim: resourceClaimName resourceClaimTemplateName
              PodResourceClaimStatus: resourceClaimName
              PodSchedulingGroup: podGroupName
              PodSecurityContext: runAsUser runAsGroup runAsNonRoot supplementalGroupsPolicy fsGroup fsGroupChangePolicy seLinuxChangePolicy
              PodSpec: terminationGracePeriodSeconds activeDeadlineSeconds automountServiceAccountToken shareProcessNamespace priority runtimeClassName enableServiceLinks preemptionPolicy setHostnameAsFQDN hostUsers hostnameOverride
              PortStatus: error
              Preconditions: uid
              Probe: terminationGracePeriodSeconds
              ProjectedVolumeSource: defaultMode
              ReplicationControllerSpec: replicas
              ResourceHealth: message
              SeccompProfile: localhostProfile
              Secret: immutable
              SecretEnvSource: optional
              SecretKeySelector: optional
              SecretProjection: optional
              SecretVolumeSource: defaultMode optional
              SecurityContext: privileged runAsUser runAsGroup runAsNonRoot readOnlyRootFilesystem allowPrivilegeEscalation procMount
              ServiceAccount: automountServiceAccountToken
              ServiceAccountTokenProjection: expirationSeconds
              ServicePort: appProtocol
              ServiceSpec: ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy trafficDistribution
              Toleration: tolerationSeconds
              TopologySpreadConstraint: minDomains nodeAffinityPolicy nodeTaintsPolicy
              TypedLocalObjectReference: apiGroup
              TypedObjectReference: apiGroup namespace
              VolumeMount: recursiveReadOnly mountPropagation
              VolumeMountStatus: recursiveReadOnly
              WindowsSecurityContextOptions: gmsaCredentialSpecName gmsaCredentialSpec runAsUserName hostProcess
            k8s.io.api.apps.v1
              DaemonSetSpec: revisionHistoryLimit
              DaemonSetStatus: collisionCount
              DeploymentSpec: replicas revisionHistoryLimit progressDeadlineSeconds
              DeploymentStatus: collisionCount terminatingReplicas
              ReplicaSetSpec: replicas
              ReplicaSetStatus: terminatingReplicas
              RollingUpdateStatefulSetStrategy: partition
              StatefulSetSpec: replicas revisionHistoryLimit
              StatefulSetStatus: collisionCount
            k8s.io.api.batch.v1
              CronJobSpec: timeZone startingDeadlineSeconds suspend successfulJobsHistoryLimit failedJobsHistoryLimit
              JobSpec: parallelism completions activeDeadlineSeconds backoffLimit backoffLimitPerIndex maxFailedIndexes manualSelector ttlSecondsAfterFinished completionMode suspend podReplacementPolicy managedBy
              JobStatus: failedIndexes ready terminating
              PodFailurePolicyOnExitCodesRequirement: containerName
              SuccessPolicyRule: succeededIndexes succeededCount
            k8s.io.api.coordination.v1
              LeaseSpec: holderIdentity leaseDurationSeconds leaseTransitions strategy preferredHolder
            k8s.io.api.discovery.v1
              Endpoint: hostname nodeName zone
              EndpointConditions: ready serving terminating
              EndpointPort: name protocol port appProtocol
            """;

    /** Go structs embedded with json:",inline", by proto package: "Message: field ...". */
    private static final String INLINE_MESSAGES = """
            k8s.io.api.core.v1
              Volume: volumeSource
              PersistentVolumeSpec: persistentVolumeSource
              Probe: handler
              EphemeralContainer: ephemeralContainerCommon
              ConfigMapKeySelector: localObjectReference
              SecretKeySelector: localObjectReference
              ConfigMapEnvSource: localObjectReference
              SecretEnvSource: localObjectReference
              ConfigMapVolumeSource: localObjectReference
              ConfigMapProjection: localObjectReference
              SecretProjection: localObjectReference
            k8s.io.api.networking.v1
              IngressRule: ingressRuleValue
            k8s.io.api.admissionregistration.v1
              NamedRuleWithOperations: ruleWithOperations
              RuleWithOperations: rule
            """;

    private final Set<FieldDescriptor> pointers;
    private final Set<FieldDescriptor> inlined;
    private final Set<String> unresolved = new TreeSet<>();

    GoFieldRules(KindIndex index) {
        this.pointers = resolve(POINTER_SCALARS, index);
        this.inlined = resolve(INLINE_MESSAGES, index);
    }

    /** Whether a zero value of this scalar field is a deliberate choice to keep (the Go field is a pointer). */
    boolean keepsZero(FieldDescriptor field) {
        return pointers.contains(field);
    }

    /** Whether this message field's JSON properties belong to the enclosing object. */
    boolean isInline(FieldDescriptor field) {
        return inlined.contains(field);
    }

    /** Listed fields the bundled descriptors do not have, as "Message.field" full names. */
    Set<String> unresolved() {
        return Set.copyOf(unresolved);
    }

    private Set<FieldDescriptor> resolve(String table, KindIndex index) {
        Set<FieldDescriptor> out = new HashSet<>();
        String pkg = null;
        for (String line : table.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                pkg = line.trim();
                continue;
            }
            int colon = line.indexOf(':');
            String message = pkg + "." + line.substring(0, colon).trim();
            for (String name : List.of(line.substring(colon + 1).trim().split("\\s+"))) {
                Optional<FieldDescriptor> field = index.field(message, name);
                if (field.isPresent()) {
                    out.add(field.get());
                } else {
                    unresolved.add(message + "." + name);
                }
            }
        }
        return Set.copyOf(out);
    }
}
