package io.tugboat.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.Json;
import io.tugboat.runtime.logs.CriLogWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentServerTest {

    private static final String TOKEN = "node-token-for-tests";

    @TempDir
    Path dir;

    private ProcessPodStreams pods;
    private AgentServer server;
    private HttpClient http;
    private WebSocketClient ws;

    @BeforeEach
    void start() throws Exception {
        pods = new ProcessPodStreams(dir.resolve("c.log"));
        server = new AgentServer(new AgentServerConfig("127.0.0.1", 0, dir.resolve("certs"), TOKEN), pods);
        server.start();
        SslContextFactory.Client tls = new SslContextFactory.Client(true);
        tls.setEndpointIdentificationAlgorithm(null);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.start();
        ws = new WebSocketClient(http);
        ws.start();
    }

    @AfterEach
    void stop() throws Exception {
        ws.stop();
        http.stop();
        server.close();
        pods.killAll();
    }

    @Test
    void execReportsStdoutStderrAndTheExitCodeAsKubeletDoes() throws Exception {
        ChannelClient c = exec("v5.channel.k8s.io", "command=sh&command=-c&command=echo%20out%3B%20echo%20err%20%3E%262%3B%20exit%203"
                + "&stdout=true&stderr=true");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.NORMAL);
        assertThat(c.text(1)).isEqualTo("out\n");
        assertThat(c.text(2)).isEqualTo("err\n");
        JsonNode status = Json.MAPPER.readTree(c.text(3));
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("ExitCode");
        assertThat(status.path("details").path("causes").get(0).path("message").asText()).isEqualTo("3");
    }

    @Test
    void aSuccessfulExecEndsWithASuccessStatus() throws Exception {
        ChannelClient c = exec("v4.channel.k8s.io", "command=true&stdout=true");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.NORMAL);
        assertThat(c.opened.get().getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("v4.channel.k8s.io");
        assertThat(Json.MAPPER.readTree(c.text(3)).path("status").asText()).isEqualTo("Success");
    }

    @Test
    void stdinReachesTheCommandAndV5ClosesIt() throws Exception {
        ChannelClient c = exec("v5.channel.k8s.io", "command=cat&stdin=true&stdout=true");
        c.send(0, "hello ".getBytes(StandardCharsets.UTF_8));
        c.send(0, "world".getBytes(StandardCharsets.UTF_8));
        c.send(255, new byte[] {0}); // v5: close stdin, so cat ends
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.NORMAL);
        assertThat(c.text(1)).isEqualTo("hello world");
        assertThat(Json.MAPPER.readTree(c.text(3)).path("status").asText()).isEqualTo("Success");
    }

    @Test
    void resizeMessagesReachTheProcessAndLeavingKillsIt() throws Exception {
        ChannelClient c = exec("v5.channel.k8s.io", "command=sleep&command=60&stdin=true&stdout=true&tty=true");
        c.send(4, "{\"Width\":100,\"Height\":40}".getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pods.resizes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pods.resizes).isNotEmpty();
        assertThat(pods.resizes.getLast()).containsExactly(100, 40);
        c.opened.get().close();
        Process sleep = pods.started.getFirst();
        assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).as("the command is killed when the client leaves").isTrue();
    }

    @Test
    void anExecThatCannotStartIsReportedOnTheErrorChannel() throws Exception {
        ChannelClient c = exec("v5.channel.k8s.io", "command=true&stdout=true", "/exec/ns/p/nope");
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.NORMAL);
        JsonNode status = Json.MAPPER.readTree(c.text(3));
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("message").asText()).contains("container \"nope\" not found");
    }

    @Test
    void everyRequestNeedsTheNodeToken() throws Exception {
        ContentResponse noToken = http.newRequest(uri("https", "/containerLogs/ns/p/c")).send();
        assertThat(noToken.getStatus()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(noToken.getContent()).path("reason").asText()).isEqualTo("Unauthorized");
        ContentResponse wrong = http.newRequest(uri("https", "/containerLogs/ns/p/c"))
                .headers(h -> h.put("Authorization", "Bearer " + TOKEN + "x")).send();
        assertThat(wrong.getStatus()).isEqualTo(401);

        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols("v5.channel.k8s.io");
        assertThatThrownBy(() -> ws.connect(new ChannelClient(), uri("wss", "/exec/ns/p/c?command=true&stdout=true"), upgrade)
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getResponseStatusCode()).isEqualTo(401));
    }

    @Test
    void logsHonourTailLinesAndReportUnknownContainers() throws Exception {
        try (CriLogWriter writer = new CriLogWriter(dir.resolve("c.log"), 1 << 20, 2, Clock.systemUTC())) {
            for (String line : new String[] {"one", "two", "three"}) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                writer.write("stdout", false, b, 0, b.length);
            }
        }
        ContentResponse all = get("/containerLogs/ns/p/c");
        assertThat(all.getStatus()).isEqualTo(200);
        assertThat(all.getContentAsString()).isEqualTo("one\ntwo\nthree\n");
        assertThat(get("/containerLogs/ns/p/c?tailLines=1").getContentAsString()).isEqualTo("three\n");
        assertThat(get("/containerLogs/ns/p/c?timestamps=true&tailLines=1").getContentAsString()).matches("\\d{4}-\\S+Z three\n");

        ContentResponse unknown = get("/containerLogs/ns/p/other");
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.getContent()).path("message").asText()).contains("container \"other\" not found");
        assertThat(get("/containerLogs/ns/p/c?tailLines=x").getStatus()).isEqualTo(400);
    }

    @Test
    void theServingCertificateSurvivesARestart() throws Exception {
        byte[] before = Files.readAllBytes(dir.resolve("certs").resolve(ServingCertificate.FILE));
        server.close();
        server = new AgentServer(new AgentServerConfig("127.0.0.1", 0, dir.resolve("certs"), TOKEN), pods);
        server.start();
        assertThat(Files.readAllBytes(dir.resolve("certs").resolve(ServingCertificate.FILE))).isEqualTo(before);
        assertThat(get("/nothing/here").getStatus()).isEqualTo(404);
    }

    private ContentResponse get(String path) throws Exception {
        return http.newRequest(uri("https", path)).headers(h -> h.put("Authorization", "Bearer " + TOKEN))
                .timeout(10, TimeUnit.SECONDS).send();
    }

    private ChannelClient exec(String protocol, String query) throws Exception {
        return exec(protocol, query, "/exec/ns/p/c");
    }

    private ChannelClient exec(String protocol, String query, String path) throws Exception {
        ChannelClient client = new ChannelClient();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols(protocol);
        upgrade.setHeader("Authorization", "Bearer " + TOKEN);
        ws.connect(client, uri("wss", path + "?" + query), upgrade).get(10, TimeUnit.SECONDS);
        return client;
    }

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }
}
