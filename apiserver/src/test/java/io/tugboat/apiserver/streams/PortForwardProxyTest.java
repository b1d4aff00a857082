package io.tugboat.apiserver.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.Json;
import io.tugboat.apiserver.testing.InJvmApiServerExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pods/portforward's checks before the tunnel is relayed (the relay itself is driven by the real kubectl in the
 * e2e PodStreamsTest): each failure is a Status kubectl can print.
 */
class PortForwardProxyTest {

    @RegisterExtension
    static final InJvmApiServerExtension api = new InJvmApiServerExtension();

    /** Jetty's client, since it sends the upgrade requests as kubectl's dialers do. */
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(api.server().sslContext());
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        send(HttpMethod.POST, "/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"gone\"}}");
        send(HttpMethod.PUT, "/api/v1/nodes/gone/status", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"gone"},"status":{
                 "addresses":[{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(closedPort));
        for (String[] p : new String[][] {{"bound", "\"nodeName\":\"gone\","}, {"pending", ""}}) {
            ContentResponse r = send(HttpMethod.POST, "/api/v1/namespaces/default/pods", """
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{%s"containers":[{"name":"c","image":"x"}]}}"""
                    .formatted(p[0], p[1]));
            assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.stop();
        }
    }

    private static ContentResponse send(HttpMethod method, String path, String json) throws Exception {
        var request = http.newRequest(URI.create(api.server().url() + path)).method(method)
                .headers(h -> h.put("Authorization", "Bearer " + api.server().adminToken())).timeout(20, TimeUnit.SECONDS);
        if (json != null) {
            request.body(new org.eclipse.jetty.client.StringRequestContent("application/json", json));
        }
        return request.send();
    }

    /** A request as kubectl's dialers make it: the WebSocket tunnel (GET) or the plain SPDY upgrade (POST). */
    private static JsonNode portForward(String pod, boolean webSocket) throws Exception {
        var request = http.newRequest(URI.create(api.server().url() + "/api/v1/namespaces/default/pods/"
                        + pod + "/portforward"))
                .method(webSocket ? HttpMethod.GET : HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
                .headers(h -> {
                    h.put("Authorization", "Bearer " + api.server().adminToken());
                    h.put("Connection", "Upgrade");
                    if (webSocket) {
                        h.put("Upgrade", "websocket");
                        h.put("Sec-WebSocket-Version", "13");
                        h.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
                        h.put("Sec-WebSocket-Protocol", "SPDY/3.1+portforward.k8s.io");
                    } else {
                        h.put("Upgrade", "SPDY/3.1");
                        h.put("X-Stream-Protocol-Version", "portforward.k8s.io");
                    }
                });
        ContentResponse r = request.send();
        JsonNode status = Json.MAPPER.readTree(r.getContentAsString());
        assertThat(status.path("code").asInt()).isEqualTo(r.getStatus());
        return status;
    }

    @Test
    void anUnboundPodHasNoHost() throws Exception {
        JsonNode status = portForward("pending", true);
        assertThat(status.path("code").asInt()).isEqualTo(400);
        assertThat(status.path("message").asText()).isEqualTo("pod pending does not have a host assigned");
        assertThat(portForward("nosuch", true).path("code").asInt()).isEqualTo(404);
    }

    @Test
    void anUnreachableAgentIsA503() throws Exception {
        JsonNode status = portForward("bound", true);
        assertThat(status.path("code").asInt()).isEqualTo(503);
        assertThat(status.path("message").asText()).startsWith("cannot reach the agent of node gone at 127.0.0.1:");
    }

    @Test
    void plainSpdyIsRefusedWithAMessageThatSaysWhatIsSpoken() throws Exception {
        JsonNode status = portForward("bound", false);
        assertThat(status.path("code").asInt()).isEqualTo(400);
        assertThat(status.path("message").asText()).contains("over WebSocket (SPDY/3.1+portforward.k8s.io) only");
    }
}
