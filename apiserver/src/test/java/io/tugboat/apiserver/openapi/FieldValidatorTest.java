package io.tugboat.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import io.tugboat.apiserver.openapi.FieldValidator.UnknownField;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldValidatorTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ResourceTypes TYPES = ResourceTypes.builtIn();

    private final FieldValidator validator = new FieldValidator();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
              labels: {app: web, tier: frontend}
              annotations:
                deployment.kubernetes.io/revision: "3"
                kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"apps/v1"}'
              uid: 5c1f6f0e-6b1a-4a53-9b63-0d3f3e2d7a11
              resourceVersion: "1234"
              generation: 3
              creationTimestamp: "2024-05-01T10:00:00Z"
              ownerReferences:
              - {apiVersion: v1, kind: Namespace, name: default, uid: abc, controller: false, blockOwnerDeletion: true}
              finalizers: [example.com/keep]
              managedFields:
              - manager: kubectl-client-side-apply
                operation: Update
                apiVersion: apps/v1
                time: "2024-05-01T10:00:00Z"
                fieldsType: FieldsV1
                fieldsV1:
                  f:metadata: {f:labels: {.: {}, f:app: {}}}
                  f:spec: {f:replicas: {}}
            spec:
              replicas: 3
              revisionHistoryLimit: 10
              progressDeadlineSeconds: 600
              minReadySeconds: 5
              selector:
                matchLabels: {app: web}
                matchExpressions:
                - {key: tier, operator: In, values: [frontend]}
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
              template:
                metadata:
                  labels: {app: web}
                  annotations: {kubectl.kubernetes.io/default-container: web}
                spec:
                  serviceAccountName: web
                  terminationGracePeriodSeconds: 30
                  restartPolicy: Always
                  dnsPolicy: ClusterFirst
                  nodeSelector: {kubernetes.io/os: linux}
                  securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000}
                  affinity:
                    podAntiAffinity:
                      preferredDuringSchedulingIgnoredDuringExecution:
                      - weight: 100
                        podAffinityTerm:
                          topologyKey: kubernetes.io/hostname
                          labelSelector: {matchLabels: {app: web}}
                  tolerations:
                  - {key: dedicated, operator: Equal, value: web, effect: NoSchedule, tolerationSeconds: 60}
                  topologySpreadConstraints:
                  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}
                  initContainers:
                  - name: init
                    image: busybox:1.36
                    command: [sh, -c, "echo init"]
                  containers:
                  - name: web
                    image: nginx:1.27
                    imagePullPolicy: IfNotPresent
                    args: [--port, "8080"]
                    workingDir: /srv
                    ports:
                    - {name: http, containerPort: 8080, protocol: TCP}
                    env:
                    - {name: MODE, value: production}
                    - name: POD_NAME
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    - name: PASSWORD
                      valueFrom: {secretKeyRef: {name: db, key: password, optional: true}}
                    - name: CPU
                      valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}
                    envFrom:
                    - configMapRef: {name: web-config}
                    - {prefix: DB_, secretRef: {name: db}}
                    resources:
                      requests: {cpu: 100m, memory: 128Mi}
                      limits: {cpu: 1, memory: 1Gi, ephemeral-storage: 2.5}
                    livenessProbe:
                      httpGet: {path: /healthz, port: http, scheme: HTTP, httpHeaders: [{name: X-Probe, value: "1"}]}
                      initialDelaySeconds: 5
                      periodSeconds: 10
                      failureThreshold: 3
                    readinessProbe:
                      tcpSocket: {port: 8080}
                    startupProbe:
                      exec: {command: [cat, /tmp/ready]}
                    lifecycle:
                      preStop: {exec: {command: [sleep, "5"]}}
                    volumeMounts:
                    - {name: data, mountPath: /data, readOnly: false}
                    - {name: config, mountPath: /etc/web, subPath: web.conf}
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
                      readOnlyRootFilesystem: true
                  volumes:
                  - name: data
                    emptyDir: {sizeLimit: 1Gi, medium: Memory}
                  - name: config
                    configMap:
                      name: web-config
                      defaultMode: 420
                      items: [{key: web.conf, path: web.conf}]
                  - name: secret
                    secret: {secretName: db}
                  - name: claim
                    persistentVolumeClaim: {claimName: data}
                  - name: host
                    hostPath: {path: /var/log, type: Directory}
                  - name: projected
                    projected:
                      sources:
                      - serviceAccountToken: {path: token, expirationSeconds: 3600}
                      - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
            status:
              observedGeneration: 3
              replicas: 3
              updatedReplicas: 3
              readyReplicas: 3
              availableReplicas: 3
              conditions:
              - type: Available
                status: "True"
                lastUpdateTime: "2024-05-01T10:00:00Z"
                lastTransitionTime: "2024-05-01T10:00:00Z"
                reason: MinimumReplicasAvailable
                message: Deployment has minimum availability.
            """;

    @Test
    void acceptsARealisticDeployment() {
        assertThat(validate("Deployment", DEPLOYMENT)).isEmpty();
    }

    @Test
    void flagsAMisspelledSpecField() {
        String yaml = DEPLOYMENT.replace("  replicas: 3\n  revisionHistoryLimit", "  replicass: 3\n  revisionHistoryLimit");
        List<UnknownField> found = validate("Deployment", yaml);
        assertThat(found).containsExactly(new UnknownField("spec.replicass"));
        assertThat(found.getFirst().message()).isEqualTo("unknown field \"spec.replicass\"");
    }

    @Test
    void namesAMisspelledContainerFieldWithItsIndexAsKubernetesDoes() {
        String yaml = DEPLOYMENT.replace("    image: nginx:1.27", "    imagee: nginx:1.27");
        List<UnknownField> found = validate("Deployment", yaml);
        assertThat(found).extracting(UnknownField::path).containsExactly("spec.template.spec.containers[0].imagee");
        ResourceType deployment = type("Deployment");
        assertThat(FieldValidator.strictDecodingError(found))
                .isEqualTo("strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\"");
        assertThat(FieldValidator.badRequestMessage(deployment, found)).isEqualTo(
                "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: "
                        + "unknown field \"spec.template.spec.containers[0].imagee\"");
    }

    @Test
    void reportsEveryProblemOnceInDocumentOrder() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labelz: {a: b}}
                spec:
                  replicass: 2
                  template:
                    spec:
                      containers:
                      - {name: a, imagee: x}
                      - {name: b, image: y, portz: []}
                      volumes:
                      - {name: v, emptyDir: {sizeLimitt: 1Gi}}
                bogus: true
                """;
        assertThat(validate("Deployment", yaml)).extracting(UnknownField::path).containsExactly(
                "metadata.labelz",
                "spec.replicass",
                "spec.template.spec.containers[0].imagee",
                "spec.template.spec.containers[1].portz",
                "spec.template.spec.volumes[0].emptyDir.sizeLimitt",
                "bogus");
    }

    @Test
    void freeFormAndKnownMetaFieldsAreNotFlagged() {
        // fieldsV1 is kept verbatim; status and managedFields are fields of the kind like any other.
        assertThat(validate("Deployment", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                  managedFields: [{manager: m, fieldsV1: {f:anything: {f:goes: {}}}}]
                status: {replicas: 1}
                """)).isEmpty();
    }

    @Test
    void acceptsAServiceWithNumericAndNamedTargetPorts() {
        assertThat(validate("Service", """
                apiVersion: v1
                kind: Service
                metadata: {name: web, labels: {app: web}}
                spec:
                  type: NodePort
                  selector: {app: web}
                  clusterIP: 10.96.0.10
                  clusterIPs: [10.96.0.10]
                  ipFamilies: [IPv4]
                  ipFamilyPolicy: SingleStack
                  sessionAffinity: ClientIP
                  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}
                  externalTrafficPolicy: Local
                  ports:
                  - {name: http, port: 80, targetPort: 8080, protocol: TCP, nodePort: 30080}
                  - {name: https, port: 443, targetPort: https, appProtocol: https}
                status:
                  loadBalancer: {ingress: [{ip: 192.0.2.1}]}
                """)).isEmpty();
    }

    @Test
    void acceptsConfigMapSecretNamespaceAndNode() {
        assertThat(validate("ConfigMap", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-config}
                immutable: false
                data: {web.conf: "listen 8080;", MODE: production}
                binaryData: {blob: aGVsbG8=}
                """)).isEmpty();
        assertThat(validate("Secret", """
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                type: Opaque
                data: {password: c2VjcmV0, user: YWRtaW4=}
                stringData: {extra: plain}
                """)).isEmpty();
        assertThat(validate("Namespace", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-a, labels: {kubernetes.io/metadata.name: team-a}}
                spec: {finalizers: [kubernetes]}
                status:
                  phase: Active
                  conditions: [{type: NamespaceDeletionContentFailure, status: "False", lastTransitionTime: "2024-05-01T10:00:00Z"}]
                """)).isEmpty();
        assertThat(validate("Node", """
                apiVersion: v1
                kind: Node
                metadata: {name: node-1, labels: {kubernetes.io/hostname: node-1}}
                spec:
                  podCIDR: 10.244.1.0/24
                  podCIDRs: [10.244.1.0/24]
                  unschedulable: false
                  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
                status:
                  capacity: {cpu: "2", memory: 4025836Ki, pods: "110"}
                  allocatable: {cpu: 1900m, memory: 3Gi, pods: 110}
                  addresses: [{type: InternalIP, address: 192.0.2.10}, {type: Hostname, address: node-1}]
                  conditions:
                  - {type: Ready, status: "True", lastHeartbeatTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T10:00:00Z", reason: KubeletReady, message: ready}
                  daemonEndpoints: {kubeletEndpoint: {Port: 10250}}
                  nodeInfo: {machineID: m, systemUUID: s, bootID: b, kernelVersion: "6.1", osImage: Debian, containerRuntimeVersion: "tugboat://0.1", kubeletVersion: v1.32.0, kubeProxyVersion: v1.32.0, operatingSystem: linux, architecture: amd64}
                  images: [{names: ["nginx:1.27"], sizeBytes: 1000}]
                """)).isEmpty();
    }

    @Test
    void acceptsALeaseAndRbacObjects() {
        assertThat(validate("Lease", """
                apiVersion: coordination.k8s.io/v1
                kind: Lease
                metadata: {name: web, namespace: default}
                spec: {holderIdentity: web-0, leaseDurationSeconds: 15, acquireTime: "2024-05-01T10:00:00.000000Z", renewTime: "2024-05-01T10:00:05.000000Z", leaseTransitions: 1}
                """)).isEmpty();
        assertThat(validate("ClusterRoleBinding", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: admins}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
                subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
                """)).isEmpty();
    }

    @Test
    void validatesScaleBodies() {
        assertThat(validator.validateScale(read("""
                apiVersion: autoscaling/v1
                kind: Scale
                metadata: {name: web, namespace: default}
                spec: {replicas: 5}
                """))).isEmpty();
        assertThat(validator.validateScale(read("{spec: {replica: 5}}")))
                .containsExactly(new UnknownField("spec.replica"));
    }

    @Test
    void pruneRemovesUnknownFieldsInPlace() {
        JsonNode object = read(DEPLOYMENT.replace("    image: nginx:1.27", "    imagee: nginx:1.27"));
        List<UnknownField> removed = validator.prune(type("Deployment"), object);
        assertThat(removed).extracting(UnknownField::path).containsExactly("spec.template.spec.containers[0].imagee");
        assertThat(object.at("/spec/template/spec/containers/0").has("imagee")).isFalse();
        assertThat(object.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("web");
        assertThat(validator.validate(type("Deployment"), object)).isEmpty();
    }

    @Test
    void reportsAtMostOneHundredProblemsLikeKubernetes() {
        ObjectNode deployment = (ObjectNode) read("{apiVersion: apps/v1, kind: Deployment}");
        ObjectNode spec = deployment.putObject("spec");
        for (int i = 0; i < 150; i++) {
            spec.put("unknown" + i, i);
        }
        assertThat(validator.validate(Deployment.class, deployment)).hasSize(100)
                .first().isEqualTo(new UnknownField("spec.unknown0"));
    }

    @Test
    void everyServedKindAcceptsItsOwnEmptyShape() {
        for (ResourceType type : TYPES.all()) {
            JsonNode object = read("{apiVersion: " + type.apiVersion() + ", kind: " + type.kind() + ", metadata: {name: x}}");
            assertThat(validator.validate(type, object)).as(type.kind()).isEmpty();
        }
    }

    private List<UnknownField> validate(String kind, String yaml) {
        return validator.validate(type(kind), read(yaml));
    }

    private static ResourceType type(String kind) {
        return TYPES.all().stream().filter(t -> t.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static JsonNode read(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
