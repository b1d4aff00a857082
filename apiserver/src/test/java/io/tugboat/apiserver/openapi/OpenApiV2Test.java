package io.tugboat.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tugboat.api.ResourceTypes;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OpenApiV2Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode doc = read(OpenApiV3Test.bytes(new OpenApiEndpoints(ResourceTypes.builtIn()).v2()));

    @Test
    void isSwagger20WithPathsOfEveryGroupVersion() {
        assertThat(doc.get("swagger").asText()).isEqualTo("2.0");
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/v1/namespaces/{namespace}/pods/{name}")).isTrue();
        assertThat(paths.has("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")).isTrue();
        assertThat(paths.has("/apis/rbac.authorization.k8s.io/v1/clusterroles")).isTrue();
    }

    @Test
    void patchTakesTheBodyAndFieldValidation() {
        JsonNode patch = doc.get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").get("patch");
        assertThat(patch.get("consumes")).extracting(JsonNode::asText).containsExactly(
                "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
        assertThat(patch.get("x-kubernetes-group-version-kind").get("kind").asText()).isEqualTo("Deployment");
        assertThat(OpenApiV3Test.queryParameters(patch)).contains("fieldValidation");
        JsonNode body = patch.get("parameters").get(0);
        assertThat(body.get("in").asText()).isEqualTo("body");
        assertThat(body.get("schema").get("$ref").asText()).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
    }

    @Test
    void definitionsUseSwaggerSpellingsAndAllReferencesResolve() {
        JsonNode definitions = doc.get("definitions");
        assertThat(definitions.get("io.k8s.api.apps.v1.Deployment").get("x-kubernetes-group-version-kind").get(0)
                .get("group").asText()).isEqualTo("apps");
        JsonNode intOrString = definitions.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.get("type").asText()).isEqualTo("string");
        assertThat(intOrString.get("format").asText()).isEqualTo("int-or-string");
        assertThat(definitions.get("io.k8s.apimachinery.pkg.api.resource.Quantity").get("type").asText()).isEqualTo("string");
        for (String ref : OpenApiV3Test.refs(doc)) {
            assertThat(ref).startsWith("#/definitions/");
            assertThat(definitions.has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
