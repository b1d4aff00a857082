package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.ApiClient;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad request gets the right 4xx and a Kubernetes Status, never a 5xx. */
class BadRequestsTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    @BeforeAll
    static void createTheExistingConfigMap() {
        ApiClient.Reply created = tug.api().post("/api/v1/namespaces/default/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"existing\"},\"data\":{\"a\":\"1\"}}");
        assertThat(created.status()).isEqualTo(201);
    }

    record Case(String method, String path, String contentType, String body, int code, String reason, String field) {
    }

    private static final String DEPLOY = "/apis/apps/v1/namespaces/default/deployments";

    private static String deployment(String name, String replicas, String selector, String labels, String container) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},
                 "spec":{"replicas":%s,"selector":{"matchLabels":%s},
                         "template":{"metadata":{"labels":%s},"spec":{"containers":[%s]}}}}
                """.formatted(name, replicas, selector, labels, container);
    }

    private static final String GOOD_CONTAINER = "{\"name\":\"c\",\"image\":\"busybox\"}";

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json", "{\"apiVersion\":", 400, "BadRequest", null),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/yaml", "a: [b", 400, "BadRequest", null),
                new Case("GET", "/api/v1/namespaces/default/widgets", null, null, 404, "NotFound", null),
                new Case("GET", "/apis/nosuch.group/v1/things", null, null, 404, "NotFound", null),
                new Case("GET", "/api/v1/namespaces/default/configmaps/missing", null, null, 404, "NotFound", null),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}", 422, "Invalid", "metadata.name"),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"ok\",\"labels\":{\"bad key!\":\"v\"}}}",
                        422, "Invalid", "metadata.labels"),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"ok2\",\"labels\":{\"k\":\"bad value!\"}}}",
                        422, "Invalid", "metadata.labels"),
                new Case("POST", DEPLOY, "application/json", deployment("neg", "-1", "{\"app\":\"x\"}", "{\"app\":\"x\"}", GOOD_CONTAINER),
                        422, "Invalid", "spec.replicas"),
                new Case("POST", DEPLOY, "application/json", deployment("mismatch", "1", "{\"app\":\"x\"}", "{\"app\":\"y\"}", GOOD_CONTAINER),
                        422, "Invalid", "spec.template.metadata.labels"),
                new Case("POST", DEPLOY, "application/json", deployment("noname", "1", "{\"app\":\"x\"}", "{\"app\":\"x\"}", "{\"image\":\"busybox\"}"),
                        422, "Invalid", "spec.template.spec.containers[0].name"),
                new Case("POST", DEPLOY, "application/json", deployment("noimage", "1", "{\"app\":\"x\"}", "{\"app\":\"x\"}", "{\"name\":\"c\"}"),
                        422, "Invalid", "spec.template.spec.containers[0].image"),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" + "y".repeat(1_600_000) + "\"}}",
                        413, "RequestEntityTooLarge", null),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"elsewhere\",\"namespace\":\"kube-system\"}}",
                        400, "BadRequest", null),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"existing\"}}", 409, "AlreadyExists", null),
                new Case("PUT", "/api/v1/namespaces/default/configmaps/existing", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"existing\",\"resourceVersion\":\"1\"}}",
                        409, "Conflict", null),
                new Case("POST", "/api/v1/namespaces/default/configmaps", "text/plain", "hello", 415, "UnsupportedMediaType", null),
                new Case("PATCH", "/api/v1/namespaces/default/configmaps/existing", "application/json-patch+json",
                        "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"2\"}]", 422, "Invalid", null),
                new Case("POST", "/api/v1/namespaces/no-such-ns/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", 404, "NotFound", null),
                new Case("GET", "/api/v1/pods?labelSelector=a%20in%20(", null, null, 400, "BadRequest", null),
                new Case("GET", "/api/v1/pods?fieldSelector=spec.nosuch%3Dx", null, null, 400, "BadRequest", null),
                new Case("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"strict\"},\"dataa\":{}}", 400, "BadRequest", null)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithTheRightStatus(Case c) {
        ApiClient.Reply reply = tug.api().send(c.method(), c.path(), c.contentType(), c.body());
        assertThat(reply.status()).as(reply.body()).isEqualTo(c.code());
        JsonNode status = reply.json();
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo(c.reason());
        assertThat(status.path("code").asInt()).isEqualTo(c.code());
        assertThat(status.path("message").asText()).isNotBlank();
        if (c.field() != null) {
            assertThat(status.path("details").path("causes").findValuesAsText("field")).contains(c.field());
        }
    }

    @Test
    void anonymousRequestsAreUnauthorized() {
        ApiClient.Reply reply = tug.api().anonymous("GET", "/api/v1/namespaces/default/configmaps");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().path("reason").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void aFailedWriteLeavesTheStoredObjectAlone() {
        tug.api().send("PUT", "/api/v1/namespaces/default/configmaps/existing", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"existing\",\"labels\":{\"bad key!\":\"x\"}},\"data\":{\"a\":\"lost\"}}");
        assertThat(tug.api().get("/api/v1/namespaces/default/configmaps/existing").json().path("data").path("a").asText()).isEqualTo("1");
    }
}
