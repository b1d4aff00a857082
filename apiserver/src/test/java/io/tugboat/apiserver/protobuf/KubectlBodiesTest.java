package io.tugboat.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the real kubectl sends. Each command runs twice against a loopback server that serves just enough
 * discovery for kubectl to resolve the kind: once for real, capturing the protobuf body it POSTs, and once
 * with {@code --dry-run=client -o json}, which prints the very object as Kubernetes' JSON without sending it.
 * The decoded body must equal that JSON.
 *
 * <p>The typed {@code create} subcommands are kubectl's protobuf senders; {@code kubectl run} sends JSON in
 * kubectl 1.32, as {@code apply} does, so they are not covered here.
 */
class KubectlBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KUBECTL_TIMEOUT_SECONDS = 60;

    @TempDir
    static Path home;

    private static HttpServer server;
    private static final AtomicReference<Captured> lastPost = new AtomicReference<>();
    private final ProtobufDecoder decoder = new ProtobufDecoder();

    private record Captured(String path, String contentType, byte[] body) {
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(List.of("create", "deployment", "web", "--image=nginx:1.27", "--port=80", "--replicas=0")),
                Arguments.of(List.of("create", "deployment", "api", "--image=app:1", "--image=sidecar:2", "--replicas=3")),
                Arguments.of(List.of("create", "namespace", "team-a")),
                Arguments.of(List.of("create", "configmap", "settings", "--from-literal=mode=fast", "--from-literal=blank=")),
                Arguments.of(List.of("create", "secret", "generic", "creds", "--from-literal=password=s3cr3t", "--type=Opaque")),
                Arguments.of(List.of("create", "service", "nodeport", "web", "--tcp=80:8080")),
                Arguments.of(List.of("create", "service", "clusterip", "db", "--tcp=5432", "--clusterip=None")),
                Arguments.of(List.of("create", "job", "once", "--image=busybox", "--", "echo", "hi")),
                Arguments.of(List.of("create", "cronjob", "nightly", "--image=busybox", "--schedule=0 3 * * *", "--restart=OnFailure")),
                Arguments.of(List.of("create", "role", "reader", "--verb=get", "--verb=list", "--resource=pods,deployments.apps")),
                Arguments.of(List.of("create", "rolebinding", "read", "--role=reader", "--user=alice", "--serviceaccount=default:robot")),
                Arguments.of(List.of("create", "clusterrole", "viewer", "--verb=get", "--non-resource-url=/healthz")),
                Arguments.of(List.of("create", "serviceaccount", "robot")),
                Arguments.of(List.of("create", "quota", "small", "--hard=cpu=1,memory=1Gi,pods=2")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void decodedBodyIsTheObjectKubectlPrints(List<String> command) throws Exception {
        JsonNode printed = JSON.readTree(kubectl(command, List.of("--dry-run=client", "-o", "json")));

        lastPost.set(null);
        kubectl(command, List.of());
        Captured post = lastPost.get();

        assertThat(post).as("kubectl POSTed %s", command).isNotNull();
        assertThat(post.contentType()).isEqualTo(ProtobufDecoder.MEDIA_TYPE);
        assertThat(decoder.decode(post.body())).isEqualTo(printed);
    }

    private static String kubectl(List<String> command, List<String> extra) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(System.getenv().getOrDefault("KUBECTL", "kubectl"));
        argv.add("--kubeconfig=" + home.resolve("kubeconfig"));
        argv.add("--cache-dir=" + home.resolve("cache"));
        int dashes = command.indexOf("--");
        List<String> flags = dashes < 0 ? command : command.subList(0, dashes);
        argv.addAll(flags);
        argv.addAll(extra);
        if (command.get(0).equals("create")) {
            // Client-side validation would fetch OpenAPI documents this stand-in server does not have.
            argv.add("--validate=false");
        }
        if (dashes >= 0) {
            argv.addAll(command.subList(dashes, command.size()));
        }
        Path stdout = home.resolve("kubectl.stdout");
        Path stderr = home.resolve("kubectl.stderr");
        // Output goes to files, so a chatty kubectl can never block on a full pipe while we wait for it.
        Process process = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(KUBECTL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("kubectl did not finish within " + KUBECTL_TIMEOUT_SECONDS + "s: " + argv);
        }
        assertThat(process.exitValue()).as("%s failed: %s", argv, Files.readString(stderr)).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", KubectlBodiesTest::handle);
        server.start();
        Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: stand-in, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: tester, user: {token: test}}]
                contexts: [{name: stand-in, context: {cluster: stand-in, user: tester, namespace: default}}]
                current-context: stand-in
                """.formatted(server.getAddress().getPort()));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                lastPost.set(new Captured(path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
                respond(exchange, 201, JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                        .put("status", "Success"));
                return;
            }
            JsonNode document = Discovery.DOCUMENTS.get(path);
            if (document == null) {
                respond(exchange, 404, JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                        .put("status", "Failure").put("reason", "NotFound").put("code", 404));
            } else {
                respond(exchange, 200, document);
            }
        }
    }

    private static void respond(HttpExchange exchange, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Legacy (non-aggregated) discovery for the kinds the commands above create. */
    private static final class Discovery {

        static final Map<String, JsonNode> DOCUMENTS = Map.of(
                "/api", JSON.createObjectNode().put("kind", "APIVersions")
                        .<ObjectNode>set("versions", JSON.createArrayNode().add("v1")),
                "/apis", groups("apps", "batch", "rbac.authorization.k8s.io"),
                "/api/v1", resources("v1",
                        resource("namespaces", "Namespace", false, "ns"),
                        resource("configmaps", "ConfigMap", true, "cm"),
                        resource("secrets", "Secret", true),
                        resource("services", "Service", true, "svc"),
                        resource("pods", "Pod", true, "po"),
                        resource("serviceaccounts", "ServiceAccount", true, "sa"),
                        resource("resourcequotas", "ResourceQuota", true, "quota")),
                "/apis/apps/v1", resources("apps/v1", resource("deployments", "Deployment", true, "deploy")),
                "/apis/batch/v1", resources("batch/v1",
                        resource("jobs", "Job", true),
                        resource("cronjobs", "CronJob", true, "cj")),
                "/apis/rbac.authorization.k8s.io/v1", resources("rbac.authorization.k8s.io/v1",
                        resource("roles", "Role", true),
                        resource("rolebindings", "RoleBinding", true),
                        resource("clusterroles", "ClusterRole", false),
                        resource("clusterrolebindings", "ClusterRoleBinding", false)));

        private static JsonNode groups(String... names) {
            ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            for (String name : names) {
                ObjectNode version = JSON.createObjectNode().put("groupVersion", name + "/v1").put("version", "v1");
                ObjectNode group = groups.addObject().put("name", name);
                group.putArray("versions").add(version);
                group.set("preferredVersion", version);
            }
            return list;
        }

        private static JsonNode resources(String groupVersion, ObjectNode... resources) {
            ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                    .put("groupVersion", groupVersion);
            list.putArray("resources").addAll(List.of(resources));
            return list;
        }

        private static ObjectNode resource(String plural, String kind, boolean namespaced, String... shortNames) {
            ObjectNode resource = JSON.createObjectNode().put("name", plural).put("singularName", kind.toLowerCase())
                    .put("namespaced", namespaced).put("kind", kind);
            ArrayNode verbs = resource.putArray("verbs");
            List.of("create", "delete", "get", "list", "patch", "update", "watch").forEach(verbs::add);
            ArrayNode shorts = resource.putArray("shortNames");
            List.of(shortNames).forEach(shorts::add);
            return resource;
        }
    }
}
