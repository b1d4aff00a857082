package io.tugboat.apiserver.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.Json;
import io.tugboat.apiserver.testing.InJvmApiServer;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * pods/binding, pods/log and pods/exec against a real API server, with a stand-in node agent; exec is also
 * driven by the real kubectl, which speaks WebSocket v5 through the relay.
 */
class PodSubresourcesTest {

    @RegisterExtension
    static final InJvmApiServerExtension api = new InJvmApiServerExtension();

    /** Where kubectl's kubeconfig, cache and captured output go. */
    @TempDir
    static Path dir;

    private static FakeAgent agent;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        InJvmApiServer server = api.server();
        agent = new FakeAgent(server.pki().servingKeyStore("pw".toCharArray()), "pw", server.nodeToken());
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: t, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: t, user: {token: "%s"}}]
                contexts: [{name: t, context: {cluster: t, user: t, namespace: default}}]
                current-context: t
                """.formatted(server.url(), server.adminToken()));

        send("POST", "/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"}}""");
        send("PUT", "/api/v1/nodes/n1/status", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"status":{
                 "addresses":[{"type":"Hostname","address":"nowhere.invalid"},{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(agent.port()));
        send("POST", "/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"portless"}}""");
        pod("one", "n1", "c");
        pod("two", "n1", "a", "b");
        pod("pending", null, "c");
        pod("lost", "portless", "c");
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void bindingSetsTheNodeOnceAndMarksThePodScheduled() throws Exception {
        pod("tobind", null, "c");
        HttpResponse<String> bound = send("POST", "/api/v1/namespaces/default/pods/tobind/binding", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"tobind","annotations":{"why":"test"}},
                 "target":{"kind":"Node","name":"n1"}}""");
        assertThat(bound.statusCode()).isEqualTo(201);
        assertThat(json(bound).path("status").asText()).isEqualTo("Success");
        JsonNode pod = json(send("GET", "/api/v1/namespaces/default/pods/tobind", null));
        assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("n1");
        assertThat(pod.path("metadata").path("annotations").path("why").asText()).isEqualTo("test");
        JsonNode scheduled = null;
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asText().equals("PodScheduled")) {
                scheduled = c;
            }
        }
        assertThat(scheduled).isNotNull();
        assertThat(scheduled.path("status").asText()).isEqualTo("True");

        HttpResponse<String> again = send("POST", "/api/v1/namespaces/default/pods/tobind/binding", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"tobind"},"target":{"name":"n2"}}""");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("reason").asText()).isEqualTo("Conflict");
        assertThat(json(again).path("message").asText())
                .isEqualTo("Operation cannot be fulfilled on pods/binding \"tobind\": pod tobind is already assigned to node \"n1\"");
    }

    @Test
    void badBindingsAreRejected() throws Exception {
        pod("badbind", null, "c");
        HttpResponse<String> noTarget = send("POST", "/api/v1/namespaces/default/pods/badbind/binding", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"badbind"},"target":{}}""");
        assertThat(noTarget.statusCode()).isEqualTo(422);
        assertThat(json(noTarget).path("details").path("causes").get(0).path("field").asText()).isEqualTo("target.name");
        HttpResponse<String> otherName = send("POST", "/api/v1/namespaces/default/pods/badbind/binding", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"x"},"target":{"name":"n1"}}""");
        assertThat(otherName.statusCode()).isEqualTo(400);
        assertThat(json(otherName).path("message").asText()).isEqualTo("name in URL does not match name in Binding object");
        assertThat(send("POST", "/api/v1/namespaces/default/pods/nosuch/binding", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"nosuch"},"target":{"name":"n1"}}""").statusCode())
                .isEqualTo(404);
    }

    @Test
    void logRequestsAreCheckedAsKubernetesChecksThem() throws Exception {
        HttpResponse<String> missing = send("GET", "/api/v1/namespaces/default/pods/nosuch/log", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("message").asText()).isEqualTo("pods \"nosuch\" not found");

        HttpResponse<String> which = send("GET", "/api/v1/namespaces/default/pods/two/log", null);
        assertThat(which.statusCode()).isEqualTo(400);
        assertThat(json(which).path("message").asText())
                .isEqualTo("a container name must be specified for pod two, choose one of: [a b]");

        HttpResponse<String> wrong = send("GET", "/api/v1/namespaces/default/pods/one/log?container=zz", null);
        assertThat(json(wrong).path("message").asText()).isEqualTo("container zz is not valid for pod one");

        HttpResponse<String> negative = send("GET", "/api/v1/namespaces/default/pods/one/log?tailLines=-1", null);
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(json(negative).path("message").asText())
                .isEqualTo("PodLogOptions \"one\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
        assertThat(send("GET", "/api/v1/namespaces/default/pods/one/log?follow=maybe", null).statusCode()).isEqualTo(400);

        HttpResponse<String> pending = send("GET", "/api/v1/namespaces/default/pods/pending/log", null);
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(pending.body()).isEmpty();

        HttpResponse<String> lost = send("GET", "/api/v1/namespaces/default/pods/lost/log", null);
        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(json(lost).path("message").asText()).contains("node portless has not reported the port of its agent");
    }

    @Test
    void logsStreamFromTheAgentWithTheOptionsPassedOn() throws Exception {
        HttpResponse<String> log = send("GET", "/api/v1/namespaces/default/pods/one/log?tailLines=3&timestamps=true", null);
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(log.body()).isEqualTo("/containerLogs/default/one/c?follow=false&previous=false&timestamps=true&tailLines=3\n");

        HttpResponse<String> waiting = send("GET", "/api/v1/namespaces/default/pods/gonepod/log", null);
        assertThat(waiting.statusCode()).isEqualTo(404);
        pod("gonepod", "n1", "gone");
        HttpResponse<String> agentSays = send("GET", "/api/v1/namespaces/default/pods/gonepod/log", null);
        assertThat(agentSays.statusCode()).isEqualTo(400);
        assertThat(json(agentSays).path("message").asText()).isEqualTo("container \"gone\" in pod \"p\" is waiting to start: ContainerCreating");

        CommandResult kubectl = kubectl(null, "logs", "one", "--tail=2");
        assertThat(kubectl.exit()).isZero();
        assertThat(kubectl.stdout()).isEqualTo("/containerLogs/default/one/c?follow=false&previous=false&timestamps=false&tailLines=2\n");
    }

    @Test
    void execNeedsABoundPodAndAnUpgrade() throws Exception {
        HttpResponse<String> pending = send("POST", "/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true", null);
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(json(pending).path("message").asText()).isEqualTo("pod pending does not have a host assigned");
        HttpResponse<String> plain = send("POST", "/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true", null);
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(json(plain).path("message").asText()).isEqualTo("Upgrade request required");
        HttpResponse<String> noStreams = send("POST", "/api/v1/namespaces/default/pods/one/exec?command=ls", null);
        assertThat(json(noStreams).path("message").asText()).isEqualTo("you must specify at least 1 of stdin, stdout, stderr");
    }

    @Test
    void kubectlExecRelaysStdinStdoutAndTheExitCode() throws Exception {
        CommandResult echo = kubectl("hello from stdin\n", "exec", "-i", "one", "--", "cat");
        assertThat(echo.exit()).as(echo.stderr()).isZero();
        assertThat(echo.stdout()).isEqualTo("argv=[cat]\nhello from stdin\n");

        CommandResult failing = kubectl(null, "exec", "one", "--", "exit-7");
        assertThat(failing.exit()).as(failing.stderr()).isEqualTo(7);
        assertThat(failing.stdout()).isEqualTo("argv=[exit-7]\n");

        CommandResult multi = kubectl(null, "exec", "two", "-c", "b", "--", "exit-0", "x y");
        assertThat(multi.exit()).as(multi.stderr()).isZero();
        assertThat(multi.stdout()).isEqualTo("argv=[exit-0, x y]\n");

        CommandResult lost = kubectl(null, "exec", "lost", "--", "exit-0");
        assertThat(lost.exit()).isNotZero();
        assertThat(lost.stderr()).contains("node portless has not reported the port of its agent");
    }

    record CommandResult(int exit, String stdout, String stderr) {
    }

    private static CommandResult kubectl(String stdin, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("kubecache").toString()));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + List.of(args) + " did not finish: " + Files.readString(err));
        }
        return new CommandResult(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void pod(String name, String node, String... containers) throws Exception {
        StringBuilder cs = new StringBuilder();
        for (String c : containers) {
            cs.append(cs.isEmpty() ? "" : ",").append("{\"name\":\"").append(c).append("\",\"image\":\"busybox\"}");
        }
        HttpResponse<String> created = send("POST", "/api/v1/namespaces/default/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{%s"containers":[%s]}}"""
                .formatted(name, node == null ? "" : "\"nodeName\":\"" + node + "\",", cs));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return api.server().admin().send(method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }
}
