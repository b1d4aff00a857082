package io.tugboat.apiserver.protobuf;

import static io.tugboat.apiserver.protobuf.Bodies.envelope;
import static io.tugboat.apiserver.protobuf.Bodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Rbac;
import org.junit.jupiter.api.Test;

/**
 * Bodies built with the generated Kubernetes classes, framed as a Go client frames them, must decode to the
 * JSON Kubernetes writes for the same objects. Non-pointer fields are set explicitly to their zero values
 * where a Go client would put them on the wire, because that is what the decoder really receives.
 */
class ProtobufDecoderTest {

    private final ProtobufDecoder decoder = new ProtobufDecoder();

    /** The zero ObjectMeta fields a Go client always writes: it has no way to leave a non-pointer field out. */
    private static ObjectMeta.Builder goMeta(String name) {
        return ObjectMeta.newBuilder()
                .setName(name)
                .setGenerateName("")
                .setNamespace("")
                .setSelfLink("")
                .setUid("")
                .setResourceVersion("")
                .setGeneration(0)
                .setCreationTimestamp(Meta.Time.getDefaultInstance());
    }

    private static Quantity quantity(String text) {
        return Quantity.newBuilder().setString(text).build();
    }

    @Test
    void deploymentWithTemplateContainerPortsEnvAndLimits() {
        V1.Container container = V1.Container.newBuilder()
                .setName("nginx")
                .setImage("nginx:1.27")
                .addPorts(V1.ContainerPort.newBuilder().setName("http").setContainerPort(80).setProtocol("TCP").setHostPort(0).setHostIP(""))
                .addEnv(V1.EnvVar.newBuilder().setName("MODE").setValue("prod"))
                .addEnv(V1.EnvVar.newBuilder().setName("EMPTY").setValue(""))
                .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("cpu", quantity("500m"))
                        .putLimits("memory", quantity("128Mi"))
                        .putRequests("cpu", quantity("250m")))
                .setImagePullPolicy("")
                .setTerminationMessagePath("")
                .setStdin(false)
                .setTty(false)
                .build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("web").setNamespace("default").putLabels("app", "web"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(3)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(V1.PodTemplateSpec.newBuilder()
                                .setMetadata(goMeta("").putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder()
                                        .addContainers(container)
                                        .setRestartPolicy("")
                                        .setDnsPolicy("")
                                        .setHostNetwork(false)
                                        .setTerminationGracePeriodSeconds(0)))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType(""))
                        .setMinReadySeconds(0)
                        .setRevisionHistoryLimit(0)
                        .setPaused(false))
                .setStatus(V1Apps.DeploymentStatus.newBuilder().setReplicas(0).setObservedGeneration(0))
                .build();

        ObjectNode decoded = decoder.decode(envelope("apps/v1", "Deployment", deployment));

        assertThat(decoded).isEqualTo(json("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "web", "namespace": "default", "creationTimestamp": null, "labels": {"app": "web"}},
                 "spec": {
                   "replicas": 3,
                   "selector": {"matchLabels": {"app": "web"}},
                   "template": {
                     "metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
                     "spec": {
                       "containers": [{
                         "name": "nginx", "image": "nginx:1.27",
                         "ports": [{"name": "http", "containerPort": 80, "protocol": "TCP"}],
                         "env": [{"name": "MODE", "value": "prod"}, {"name": "EMPTY"}],
                         "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "250m"}}
                       }],
                       "terminationGracePeriodSeconds": 0
                     }
                   },
                   "strategy": {},
                   "revisionHistoryLimit": 0
                 },
                 "status": {}}
                """));
        // Kubernetes' JSON names the type before anything else.
        assertThat(decoded.fieldNames().next()).isEqualTo("apiVersion");
    }

    @Test
    void zeroReplicasIsAChoiceNotAnAbsence() {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("idle"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setProgressDeadlineSeconds(0))
                .build();

        ObjectNode decoded = decoder.decode(envelope("apps/v1", "Deployment", deployment));

        assertThat(decoded.get("spec")).isEqualTo(json("""
                {"replicas": 0, "progressDeadlineSeconds": 0}
                """));
    }

    @Test
    void unsetPointerFieldsStayAbsent() {
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(goMeta("defaults"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder())
                .build();

        ObjectNode decoded = decoder.decode(envelope("apps/v1", "Deployment", deployment));

        assertThat(decoded.get("spec")).isEqualTo(json("{}"));
        assertThat(decoded.has("status")).isFalse();
    }

    @Test
    void serviceTargetPortsAsNumberAndName() {
        V1.Service service = V1.Service.newBuilder()
                .setMetadata(goMeta("web"))
                .setSpec(V1.ServiceSpec.newBuilder()
                        .addPorts(V1.ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80)
                                .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080).setStrVal(""))
                                .setNodePort(0))
                        .addPorts(V1.ServicePort.newBuilder().setName("metrics").setProtocol("TCP").setPort(9090)
                                .setTargetPort(IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal("metrics"))
                                .setNodePort(0))
                        .putSelector("app", "web")
                        .setClusterIP("")
                        .setType("ClusterIP")
                        .setSessionAffinity("")
                        .setExternalName("")
                        .setHealthCheckNodePort(0)
                        .setPublishNotReadyAddresses(false))
                .setStatus(V1.ServiceStatus.newBuilder().setLoadBalancer(V1.LoadBalancerStatus.getDefaultInstance()))
                .build();

        ObjectNode decoded = decoder.decode(envelope("v1", "Service", service));

        assertThat(decoded).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "Service",
                 "metadata": {"name": "web", "creationTimestamp": null},
                 "spec": {
                   "ports": [
                     {"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080},
                     {"name": "metrics", "protocol": "TCP", "port": 9090, "targetPort": "metrics"}
                   ],
                   "selector": {"app": "web"},
                   "type": "ClusterIP"
                 },
                 "status": {"loadBalancer": {}}}
                """));
    }

    @Test
    void secretBytesBecomeBase64AndImmutableFalseIsKept() {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(goMeta("creds"))
                .putData("password", ByteString.copyFrom(new byte[] {'s', '3', 'c', 'r', '3', 't', 0, (byte) 0xff}))
                .putData("empty", ByteString.EMPTY)
                .putStringData("user", "admin")
                .setType("Opaque")
                .setImmutable(false)
                .build();

        ObjectNode decoded = decoder.decode(envelope("v1", "Secret", secret));

        assertThat(decoded).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "Secret",
                 "metadata": {"name": "creds", "creationTimestamp": null},
                 "immutable": false,
                 "data": {"password": "czNjcjN0AP8=", "empty": ""},
                 "stringData": {"user": "admin"},
                 "type": "Opaque"}
                """));
    }

    @Test
    void namespaceAsKubectlCreatesIt() {
        V1.Namespace namespace = V1.Namespace.newBuilder()
                .setMetadata(goMeta("team-a"))
                .setSpec(V1.NamespaceSpec.getDefaultInstance())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();

        assertThat(decoder.decode(envelope("v1", "Namespace", namespace))).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": "team-a", "creationTimestamp": null}, "spec": {}, "status": {}}
                """));
    }

    @Test
    void configMapKeepsEmptyValuesAndEncodesBinaryData() {
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder()
                .setMetadata(goMeta("settings").putAnnotations("note", ""))
                .putData("mode", "fast")
                .putData("blank", "")
                .putBinaryData("logo", ByteString.copyFromUtf8("PNG"))
                .build();

        assertThat(decoder.decode(envelope("v1", "ConfigMap", configMap))).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "settings", "creationTimestamp": null, "annotations": {"note": ""}},
                 "data": {"mode": "fast", "blank": ""},
                 "binaryData": {"logo": "UE5H"}}
                """));
    }

    @Test
    void timestampsOwnerReferencesAndManagedFields() {
        ObjectMeta meta = goMeta("stamped")
                .setUid("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
                .setResourceVersion("42")
                .setGeneration(7)
                // Kubernetes' Time keeps whole seconds: the nanos a protobuf client sends are dropped.
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1704164645L).setNanos(999))
                .setDeletionTimestamp(Meta.Time.newBuilder().setSeconds(0))
                .setDeletionGracePeriodSeconds(0)
                .addOwnerReferences(Meta.OwnerReference.newBuilder()
                        .setApiVersion("apps/v1").setKind("ReplicaSet").setName("web-1").setUid("u-1")
                        .setController(true).setBlockOwnerDeletion(false))
                .addFinalizers("tugboat.io/cleanup")
                .addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                        .setManager("kubectl-create")
                        .setOperation("Update")
                        .setApiVersion("v1")
                        .setTime(Meta.Time.newBuilder().setSeconds(1704164645L))
                        .setFieldsType("FieldsV1")
                        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:data\":{\".\":{},\"f:k\":{}}}")))
                        .setSubresource(""))
                .build();
        V1.ConfigMap configMap = V1.ConfigMap.newBuilder().setMetadata(meta).build();

        assertThat(decoder.decode(envelope("v1", "ConfigMap", configMap)).get("metadata")).isEqualTo(json("""
                {"name": "stamped", "uid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "resourceVersion": "42",
                 "generation": 7,
                 "creationTimestamp": "2024-01-02T03:04:05Z",
                 "deletionTimestamp": "1970-01-01T00:00:00Z",
                 "deletionGracePeriodSeconds": 0,
                 "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "uid": "u-1",
                                      "controller": true, "blockOwnerDeletion": false}],
                 "finalizers": ["tugboat.io/cleanup"],
                 "managedFields": [{"manager": "kubectl-create", "operation": "Update", "apiVersion": "v1",
                                    "time": "2024-01-02T03:04:05Z", "fieldsType": "FieldsV1",
                                    "fieldsV1": {"f:data": {".": {}, "f:k": {}}}}]}
                """));
    }

    @Test
    void podWithInlinedProbeHandlerVolumeSourceAndKeySelectors() {
        V1.LocalObjectReference settings = V1.LocalObjectReference.newBuilder().setName("settings").build();
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(goMeta("probe"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(V1.Container.newBuilder()
                                .setName("app")
                                .setImage("app:1")
                                .addEnv(V1.EnvVar.newBuilder().setName("TOKEN").setValueFrom(V1.EnvVarSource.newBuilder()
                                        .setSecretKeyRef(V1.SecretKeySelector.newBuilder()
                                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("creds"))
                                                .setKey("token")
                                                .setOptional(false))))
                                .addEnvFrom(V1.EnvFromSource.newBuilder().setPrefix("")
                                        .setConfigMapRef(V1.ConfigMapEnvSource.newBuilder().setLocalObjectReference(settings)))
                                .setLivenessProbe(V1.Probe.newBuilder()
                                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                                .setPath("/healthz")
                                                .setPort(IntOrString.newBuilder().setType(1).setStrVal("http"))
                                                .setHost("")
                                                .setScheme("HTTP")))
                                        .setInitialDelaySeconds(0)
                                        .setPeriodSeconds(10)))
                        .addVolumes(V1.Volume.newBuilder()
                                .setName("config")
                                .setVolumeSource(V1.VolumeSource.newBuilder().setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                        .setLocalObjectReference(settings)
                                        .setDefaultMode(0420))))
                        .addVolumes(V1.Volume.newBuilder()
                                .setName("scratch")
                                .setVolumeSource(V1.VolumeSource.newBuilder().setEmptyDir(V1.EmptyDirVolumeSource.newBuilder()
                                        .setMedium("")
                                        .setSizeLimit(quantity("1Gi")))))
                        .setSecurityContext(V1.PodSecurityContext.newBuilder().setRunAsUser(0).setRunAsNonRoot(false)))
                .build();

        assertThat(decoder.decode(envelope("v1", "Pod", pod)).get("spec")).isEqualTo(json("""
                {"volumes": [
                   {"name": "config", "configMap": {"name": "settings", "defaultMode": 272}},
                   {"name": "scratch", "emptyDir": {"sizeLimit": "1Gi"}}
                 ],
                 "containers": [{
                   "name": "app", "image": "app:1",
                   "envFrom": [{"configMapRef": {"name": "settings"}}],
                   "env": [{"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "token", "optional": false}}}],
                   "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"}, "periodSeconds": 10}
                 }],
                 "securityContext": {"runAsUser": 0, "runAsNonRoot": false}}
                """));
    }

    @Test
    void jobAndCronJobKeepPointerZeros() {
        V1Batch.CronJob cronJob = V1Batch.CronJob.newBuilder()
                .setMetadata(goMeta("nightly"))
                .setSpec(V1Batch.CronJobSpec.newBuilder()
                        .setSchedule("0 3 * * *")
                        .setSuspend(false)
                        .setSuccessfulJobsHistoryLimit(0)
                        .setJobTemplate(V1Batch.JobTemplateSpec.newBuilder()
                                .setMetadata(goMeta(""))
                                .setSpec(V1Batch.JobSpec.newBuilder().setBackoffLimit(0).setTtlSecondsAfterFinished(0)
                                        .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder()
                                                .setRestartPolicy("Never"))))))
                .build();

        assertThat(decoder.decode(envelope("batch/v1", "CronJob", cronJob)).get("spec")).isEqualTo(json("""
                {"schedule": "0 3 * * *", "suspend": false, "successfulJobsHistoryLimit": 0,
                 "jobTemplate": {"metadata": {"creationTimestamp": null},
                                 "spec": {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never"}},
                                          "ttlSecondsAfterFinished": 0}}}
                """));
    }

    @Test
    void roleRulesAreArraysOfStrings() {
        V1Rbac.Role role = V1Rbac.Role.newBuilder()
                .setMetadata(goMeta("reader"))
                .addRules(V1Rbac.PolicyRule.newBuilder().addVerbs("get").addVerbs("list").addApiGroups("").addResources("pods"))
                .build();

        assertThat(decoder.decode(envelope("rbac.authorization.k8s.io/v1", "Role", role))).isEqualTo(json("""
                {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                 "metadata": {"name": "reader", "creationTimestamp": null},
                 "rules": [{"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods"]}]}
                """));
    }

    @Test
    void namedStringSlicesInMapsBecomeArrays() {
        V1Authorization.SubjectAccessReview review = V1Authorization.SubjectAccessReview.newBuilder()
                .setSpec(V1Authorization.SubjectAccessReviewSpec.newBuilder()
                        .setUser("alice")
                        .putExtra("scopes", V1Authorization.ExtraValue.newBuilder().addItems("read").addItems("write").build()))
                .build();

        ObjectNode decoded = decoder.decode(envelope("authorization.k8s.io/v1", "SubjectAccessReview", review));

        assertThat(decoded.get("spec")).isEqualTo(json("""
                {"user": "alice", "extra": {"scopes": ["read", "write"]}}
                """));
    }

    @Test
    void rawExtensionCarriesJsonOrAnEmbeddedProtobufObject() {
        V1Apps.ControllerRevision withJson = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(goMeta("web-1"))
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"spec\":{\"replicas\":2}}")))
                .setRevision(1)
                .build();
        V1.ConfigMap inner = V1.ConfigMap.newBuilder().setMetadata(goMeta("inner")).putData("k", "v").build();
        V1Apps.ControllerRevision withProtobuf = withJson.toBuilder()
                .setData(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(envelope("v1", "ConfigMap", inner))))
                .build();

        assertThat(decoder.decode(envelope("apps/v1", "ControllerRevision", withJson)).get("data"))
                .isEqualTo(json("{\"spec\": {\"replicas\": 2}}"));
        assertThat(decoder.decode(envelope("apps/v1", "ControllerRevision", withProtobuf)).get("data")).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "inner", "creationTimestamp": null}, "data": {"k": "v"}}
                """));
    }

    @Test
    void optionsKindsDecodeInEveryGroupVersion() {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder()
                .setGracePeriodSeconds(0)
                .setPropagationPolicy("Foreground")
                .setPreconditions(Meta.Preconditions.newBuilder().setResourceVersion("12"))
                .build();

        assertThat(decoder.decode(envelope("apps/v1", "DeleteOptions", options))).isEqualTo(json("""
                {"apiVersion": "apps/v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0,
                 "preconditions": {"resourceVersion": "12"}, "propagationPolicy": "Foreground"}
                """));
        assertThat(decoder.decode(envelope("meta.k8s.io/v1", "DeleteOptions", options)).get("kind").asText())
                .isEqualTo("DeleteOptions");
    }
}
