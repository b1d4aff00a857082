package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.CommandResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real kubectl 1.32 against a real `tug up`, as a user would drive it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlScenarioTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    private static final String MANIFEST = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: demo
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              namespace: demo
            data:
              greeting: hello
              farewell: goodbye
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: web-secret
              namespace: demo
            stringData:
              password: s3cret
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: demo
              labels:
                app: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: python:3.11
                    command: ["python3", "-m", "http.server", "8080"]
                    ports:
                    - containerPort: 8080
                    env:
                    - name: MODE
                      value: demo
                    - name: EXTRA
                      value: "1"
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: demo
            spec:
              selector:
                app: web
              ports:
              - name: http
                port: 80
                targetPort: 8080
            """;

    private static Path write(String name, String content) throws Exception {
        Path file = tug.cluster().workDir().resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static CommandResult ok(String... args) {
        return tug.cluster().kubectl(args).assertOk();
    }

    @Test
    @Order(1)
    void applyCreatesEveryObjectAndGetShowsTables() throws Exception {
        Path manifest = write("app.yaml", MANIFEST);
        CommandResult applied = ok("apply", "-f", manifest.toString());
        assertThat(applied.stdout()).contains("namespace/demo created", "configmap/web-config created",
                "secret/web-secret created", "deployment.apps/web created", "service/web created");

        String deployments = ok("get", "deployments", "-n", "demo").stdout();
        assertThat(deployments.lines().findFirst().orElseThrow()).containsSubsequence("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        // the controllers are already at work: how far they got is a race, the desired 2 and the columns are not
        assertThat(deployments).containsPattern("web\\s+[0-2]/2\\s+[0-2]\\s+[0-2]\\s+\\d+s");

        String services = ok("get", "svc", "-n", "demo", "-o", "wide").stdout();
        assertThat(services.lines().findFirst().orElseThrow()).containsSubsequence("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR");
        assertThat(services).contains("app=web");

        String secret = ok("get", "secret", "web-secret", "-n", "demo", "-o", "jsonpath={.data.password}").stdout();
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.trim()), StandardCharsets.UTF_8)).isEqualTo("s3cret");

        String defaulted = ok("get", "deploy", "web", "-n", "demo", "-o",
                "jsonpath={.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.template.spec.restartPolicy} {.metadata.generation}").stdout();
        assertThat(defaulted).isEqualTo("RollingUpdate 25% Always 1");
    }

    @Test
    @Order(2)
    void reapplyingAChangedManifestRemovesWhatWasDeleted() throws Exception {
        String changed = MANIFEST.replace("  farewell: goodbye\n", "").replace("greeting: hello", "greeting: hi")
                .replaceAll("(?m)^\\s*- name: EXTRA\\n\\s*value: \"1\"\\n", "");
        Path manifest = write("app-v2.yaml", changed);
        CommandResult applied = ok("apply", "-f", manifest.toString());
        assertThat(applied.stdout()).contains("configmap/web-config configured", "deployment.apps/web configured");
        assertThat(ok("get", "cm", "web-config", "-n", "demo", "-o", "jsonpath={.data}").stdout())
                .contains("\"greeting\":\"hi\"").doesNotContain("farewell");
        assertThat(ok("get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.spec.template.spec.containers[0].env[*].name}").stdout())
                .isEqualTo("MODE");
        assertThat(ok("get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.metadata.generation}").stdout()).isEqualTo("2");
    }

    @Test
    @Order(3)
    void labelAnnotatePatchAndScale() {
        ok("label", "deploy", "web", "-n", "demo", "tier=frontend");
        ok("annotate", "deploy", "web", "-n", "demo", "owner=team-a");
        assertThat(ok("get", "deploy", "-n", "demo", "-l", "tier=frontend", "-o", "name").stdout().trim()).isEqualTo("deployment.apps/web");
        assertThat(ok("get", "deploy", "-n", "demo", "-l", "tier notin (frontend)", "-o", "name").stdout().trim()).isEmpty();

        ok("patch", "cm", "web-config", "-n", "demo", "--type=merge", "-p", "{\"data\":{\"merged\":\"yes\"}}");
        ok("patch", "cm", "web-config", "-n", "demo", "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/data/json\",\"value\":\"yes\"}]");
        ok("patch", "deploy", "web", "-n", "demo", "--type=strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{\"name\":\"ADDED\",\"value\":\"x\"}]}]}}}}");
        assertThat(ok("get", "cm", "web-config", "-n", "demo", "-o", "jsonpath={.data.merged} {.data.json}").stdout()).isEqualTo("yes yes");
        assertThat(ok("get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.spec.template.spec.containers[0].env[*].name}").stdout())
                .isEqualTo("ADDED MODE");

        assertThat(ok("scale", "deploy", "web", "-n", "demo", "--replicas=5").stdout()).contains("deployment.apps/web scaled");
        assertThat(ok("get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.spec.replicas}").stdout()).isEqualTo("5");
    }

    @Test
    @Order(4)
    void replacingWithAStaleObjectIsAConflict() throws Exception {
        String stale = ok("get", "cm", "web-config", "-n", "demo", "-o", "yaml").stdout();
        ok("patch", "cm", "web-config", "-n", "demo", "--type=merge", "-p", "{\"data\":{\"newer\":\"1\"}}");
        Path file = write("stale.yaml", stale.replace("greeting: hi", "greeting: stale"));
        CommandResult replaced = tug.cluster().kubectl("replace", "-f", file.toString());
        assertThat(replaced.exitCode()).isNotZero();
        assertThat(replaced.stderr()).contains("Operation cannot be fulfilled on configmaps \"web-config\"",
                "the object has been modified");
        assertThat(ok("get", "cm", "web-config", "-n", "demo", "-o", "jsonpath={.data.greeting}").stdout()).isEqualTo("hi");
    }

    @Test
    @Order(5)
    void getWatchSeesAChange() throws Exception {
        List<String> cmd = List.of("kubectl", "get", "cm", "web-config", "-n", "demo", "-w", "-o",
                "custom-columns=NAME:.metadata.name,GREETING:.data.greeting", "--request-timeout=30s");
        Process watcher = tug.cluster().kubectlProcess(cmd.subList(1, cmd.size())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(watcher.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            lines.add(out.readLine()); // header
            lines.add(out.readLine()); // current state
            assertThat(lines.get(1)).contains("web-config", "hi");
            ok("patch", "cm", "web-config", "-n", "demo", "--type=merge", "-p", "{\"data\":{\"greeting\":\"watched\"}}");
            String changed = out.readLine();
            assertThat(changed).contains("web-config", "watched");
        } finally {
            watcher.destroy();
            watcher.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(6)
    void discoveryAndExplain() {
        String resources = ok("api-resources").stdout();
        assertThat(resources).containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment");
        assertThat(resources).containsPattern("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace");
        assertThat(ok("explain", "deployment.spec.replicas").stdout()).contains("KIND:", "Deployment", "replicas", "<integer>");
        assertThat(ok("explain", "pod.spec.containers").stdout()).contains("name", "image");
    }

    @Test
    @Order(7)
    void deletingANamespaceWaitsUntilEverythingInItIsGone() {
        CommandResult deleted = ok("delete", "namespace", "demo", "--timeout=60s");
        assertThat(deleted.stdout()).contains("namespace \"demo\" deleted");
        CommandResult gone = tug.cluster().kubectl("get", "namespace", "demo");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stderr()).contains("namespaces \"demo\" not found");
        assertThat(ok("get", "configmaps,secrets,deployments,services", "-A", "-o", "name").stdout())
                .doesNotContain("web-config", "web-secret", "deployment.apps/web", "service/web");
    }
}
