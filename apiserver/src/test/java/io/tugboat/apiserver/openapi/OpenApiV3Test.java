package io.tugboat.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiV3Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceTypes TYPES = ResourceTypes.builtIn();
    private static final String DEPLOYMENT_ITEM = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";

    private final OpenApiEndpoints endpoints = new OpenApiEndpoints(TYPES);

    @Test
    void indexListsEveryGroupVersionWithItsContentHash() throws IOException {
        JsonNode paths = JSON.readTree(bytes(endpoints.v3Index())).get("paths");

        List<String> expected = TYPES.groupVersions().stream().map(OpenApiV3::pathOf).toList();
        assertThat(names(paths)).containsExactlyElementsOf(expected)
                .contains("api/v1", "apis/apps/v1", "apis/rbac.authorization.k8s.io/v1");
        for (String path : expected) {
            String hash = endpoints.v3Hash(path).orElseThrow();
            assertThat(hash).isEqualTo(ContentHash.of(bytes(endpoints.v3Document(path).orElseThrow()))).hasSize(128);
            assertThat(paths.get(path).get("serverRelativeURL").asText())
                    .isEqualTo("/openapi/v3/" + path + "?hash=" + hash);
        }
    }

    @Test
    void documentsAreDeterministicAcrossInstances() {
        OpenApiEndpoints other = new OpenApiEndpoints(TYPES);
        assertThat(other.v3Index()).isEqualTo(endpoints.v3Index());
        assertThat(other.v3Document("apis/apps/v1")).isEqualTo(endpoints.v3Document("apis/apps/v1"));
    }

    @Test
    void documentsAreServedAsIndependentReadOnlyViews() {
        ByteBuffer first = endpoints.v3Document("apis/apps/v1").orElseThrow();
        ByteBuffer second = endpoints.v3Document("apis/apps/v1").orElseThrow();
        assertThat(first.isReadOnly()).isTrue();
        first.get(new byte[100]); // a writer consuming one view leaves the next untouched
        assertThat(second.position()).isZero();
        assertThat(endpoints.v3Document("apis/apps/v1").orElseThrow().remaining()).isEqualTo(second.remaining());
        assertThat(endpoints.v2().isReadOnly()).isTrue();
    }

    @Test
    void unknownGroupVersionHasNoDocument() {
        assertThat(endpoints.v3Document("apis/nope/v1")).isEmpty();
        assertThat(endpoints.v3Hash("apis/nope/v1")).isEmpty();
        assertThat(endpoints.v3Document("/apis/apps/v1")).isPresent(); // a leading slash is tolerated
    }

    @Test
    void deploymentPatchAdvertisesServerSideFieldValidation() throws IOException {
        JsonNode doc = document("apis/apps/v1");
        assertThat(doc.get("openapi").asText()).isEqualTo("3.0.0");
        JsonNode patch = doc.get("paths").get(DEPLOYMENT_ITEM).get("patch");

        assertThat(patch.get("x-kubernetes-group-version-kind"))
                .isEqualTo(JSON.readTree("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}"));
        assertThat(patch.get("x-kubernetes-action").asText()).isEqualTo("patch");
        assertThat(queryParameters(patch)).contains("fieldValidation", "dryRun", "fieldManager", "force");
        assertThat(names(patch.get("requestBody").get("content"))).containsExactly(
                "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
        assertThat(patch.get("responses").get("200").get("content").get("application/json").get("schema").get("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.Deployment");
    }

    @Test
    void everyPatchInEveryDocumentNamesItsKindAndListsFieldValidation() throws IOException {
        for (GroupVersion gv : TYPES.groupVersions()) {
            JsonNode doc = document(OpenApiV3.pathOf(gv));
            int patches = 0;
            for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
                JsonNode patch = path.getValue().get("patch");
                if (patch != null) {
                    patches++;
                    assertThat(patch.has("x-kubernetes-group-version-kind")).as(path.getKey()).isTrue();
                    assertThat(queryParameters(patch)).as(path.getKey()).contains("fieldValidation");
                    assertThat(patch.get("requestBody").get("content").has("application/strategic-merge-patch+json"))
                            .as(path.getKey()).isFalse();
                }
            }
            assertThat(patches).as(gv.toString()).isGreaterThan(0);
        }
    }

    @Test
    void resourcesHaveCollectionItemAndSubresourcePaths() throws IOException {
        JsonNode paths = document("apis/apps/v1").get("paths");
        JsonNode collection = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments");
        assertThat(names(collection)).contains("get", "post", "delete", "parameters");
        assertThat(collection.get("get").get("x-kubernetes-action").asText()).isEqualTo("list");
        assertThat(collection.get("delete").get("x-kubernetes-action").asText()).isEqualTo("deletecollection");
        assertThat(queryParameters(collection.get("post"))).contains("fieldValidation");
        assertThat(names(paths.get(DEPLOYMENT_ITEM))).contains("get", "put", "patch", "delete");
        assertThat(paths.get(DEPLOYMENT_ITEM + "/status").get("patch").get("x-kubernetes-group-version-kind").get("kind").asText())
                .isEqualTo("Deployment");
        JsonNode scalePatch = paths.get(DEPLOYMENT_ITEM + "/scale").get("patch");
        assertThat(scalePatch.get("x-kubernetes-group-version-kind").get("group").asText()).isEqualTo("autoscaling");
        assertThat(paths.has("/apis/apps/v1/deployments")).isTrue(); // list across namespaces
        assertThat(paths.has("/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}/scale")).isFalse();

        JsonNode core = document("api/v1").get("paths");
        assertThat(core.has("/api/v1/nodes/{name}")).isTrue(); // cluster-scoped: no namespace segment
        assertThat(core.has("/api/v1/namespaces/{namespace}/pods/{name}/status")).isTrue();
        assertThat(core.get("/api/v1/namespaces/{namespace}/pods").get("post").get("operationId").asText())
                .isEqualTo("createCoreV1NamespacedPod");
    }

    @Test
    void containerRequiresNameAndTakesImageAsString() throws IOException {
        JsonNode schemas = document("apis/apps/v1").get("components").get("schemas");
        JsonNode podSpec = schemas.get("io.k8s.api.core.v1.PodSpec");
        assertThat(podSpec.get("properties").get("containers").get("type").asText()).isEqualTo("array");
        assertThat(podSpec.get("properties").get("containers").get("items").get("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        JsonNode container = schemas.get("io.k8s.api.core.v1.Container");
        assertThat(container.get("required")).extracting(JsonNode::asText).containsExactly("name");
        assertThat(container.get("properties").get("image").get("type").asText()).isEqualTo("string");
        assertThat(container.get("properties").has("additionalProperties")).isFalse();
    }

    @Test
    void intOrStringQuantityTimeAndBytesAreMappedAsKubernetesDoes() throws IOException {
        JsonNode schemas = document("api/v1").get("components").get("schemas");
        JsonNode servicePort = schemas.get("io.k8s.api.core.v1.ServicePort").get("properties");
        assertThat(servicePort.get("targetPort").get("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(servicePort.get("port").get("format").asText()).isEqualTo("int32");
        JsonNode intOrString = schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.get("x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat(intOrString.has("type")).isFalse();

        JsonNode limits = schemas.get("io.k8s.api.core.v1.ResourceRequirements").get("properties").get("limits");
        assertThat(limits.get("additionalProperties").get("$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(schemas.get("io.k8s.apimachinery.pkg.api.resource.Quantity").get("oneOf"))
                .extracting(n -> n.get("type").asText()).containsExactly("string", "number");

        JsonNode meta = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").get("properties");
        assertThat(meta.get("creationTimestamp").get("$ref").asText()).endsWith("meta.v1.Time");
        assertThat(meta.get("labels").get("additionalProperties").get("type").asText()).isEqualTo("string");
        JsonNode time = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(time.get("type").asText()).isEqualTo("string");
        assertThat(time.get("format").asText()).isEqualTo("date-time");

        JsonNode secretData = schemas.get("io.k8s.api.core.v1.Secret").get("properties").get("data");
        assertThat(secretData.get("additionalProperties").get("format").asText()).isEqualTo("byte");
        JsonNode fieldsV1 = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1");
        assertThat(fieldsV1.get("x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
    }

    @Test
    void kindsCarryTheirGroupVersionKindAndEveryReferenceResolves() throws IOException {
        for (GroupVersion gv : TYPES.groupVersions()) {
            JsonNode doc = document(OpenApiV3.pathOf(gv));
            JsonNode schemas = doc.get("components").get("schemas");
            for (var type : TYPES.inGroupVersion(gv)) {
                String name = endpoints.catalog().nameOf(GroupVersionKind.of(type)).orElseThrow();
                JsonNode gvk = schemas.get(name).get("x-kubernetes-group-version-kind").get(0);
                assertThat(gvk.get("kind").asText()).isEqualTo(type.kind());
                assertThat(gvk.get("group").asText()).isEqualTo(type.group());
                assertThat(gvk.get("version").asText()).isEqualTo(type.version());
            }
            for (String ref : refs(doc)) {
                assertThat(ref).startsWith("#/components/schemas/");
                assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
            }
        }
    }

    @Test
    void definitionsAreNamedAfterKubernetesPackages() {
        DefinitionNames names = new DefinitionNames();
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.PodSpec.class)).isEqualTo("io.k8s.api.core.v1.PodSpec");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.ObjectMeta.class))
                .isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.apps.Deployment.class))
                .isEqualTo("io.k8s.api.apps.v1.Deployment");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class))
                .isEqualTo("io.k8s.api.batch.v1.CronJob");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class))
                .isEqualTo("io.k8s.api.rbac.v1.ClusterRole");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class))
                .isEqualTo("io.k8s.api.coordination.v1.Lease");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort.class))
                .isEqualTo("io.k8s.api.discovery.v1.EndpointPort");
        assertThat(names.nameOf(io.fabric8.kubernetes.api.model.IntOrString.class))
                .isEqualTo("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(names.nameOf(String.class)).isEqualTo("java.lang.String");
    }

    private JsonNode document(String path) throws IOException {
        return JSON.readTree(bytes(endpoints.v3Document(path).orElseThrow()));
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> queryParameters(JsonNode operation) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : operation.path("parameters")) {
            if (p.get("in").asText().equals("query")) {
                names.add(p.get("name").asText());
            }
        }
        return names;
    }

    static List<String> refs(JsonNode node) {
        List<String> refs = new ArrayList<>();
        collectRefs(node, refs);
        return refs;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
