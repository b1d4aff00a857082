package io.tugboat.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tugboat.agent.server.spdy.SpdyFrame;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's /portForward: SPDY/3.1 in a WebSocket, stream pairs per connection, as kubectl drives it. */
class PortForwardTest {

    private static final String TOKEN = "node-token-for-tests";

    @TempDir
    Path dir;

    private ProcessPodStreams pods;
    private AgentServer server;
    private HttpClient http;
    private WebSocketClient ws;
    private ServerSocket upper;

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
        // the "pod": answers each connection with what it read, upper-cased, once the client has finished sending
        upper = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!upper.isClosed()) {
                try (Socket s = upper.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    // closed
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        upper.close();
        ws.stop();
        http.stop();
        server.close();
    }

    private SpdyTestClient connect(String path) throws Exception {
        SpdyTestClient client = new SpdyTestClient();
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols("SPDY/3.1+portforward.k8s.io");
        upgrade.setHeader("Authorization", "Bearer " + TOKEN);
        ws.connect(client, URI.create("wss://127.0.0.1:" + server.port() + path), upgrade).get(10, TimeUnit.SECONDS);
        return client;
    }

    private static Map<String, List<String>> headers(String type, int port, int requestId) {
        return Map.of("streamtype", List.of(type), "port", List.of(Integer.toString(port)),
                "requestid", List.of(Integer.toString(requestId)));
    }

    @Test
    void aConnectionIsCarriedBothWaysAndEndsOnBothStreams() throws Exception {
        SpdyTestClient c = connect("/portForward/ns/p");
        for (int request = 0; request < 2; request++) { // two connections in one tunnel, one after the other
            int error = 1 + 4 * request;
            int data = error + 2;
            c.send(new SpdyFrame.SynStream(error, false, headers("error", upper.getLocalPort(), request)));
            assertThat(c.next()).isEqualTo(new SpdyFrame.SynReply(error, false, Map.of()));
            c.send(new SpdyFrame.Data(error, true, new byte[0]));
            c.send(new SpdyFrame.SynStream(data, false, headers("data", upper.getLocalPort(), request)));
            assertThat(c.next()).isEqualTo(new SpdyFrame.SynReply(data, false, Map.of()));
            c.send(new SpdyFrame.Data(data, false, "hello ".getBytes(StandardCharsets.UTF_8)));
            c.send(new SpdyFrame.Data(data, true, ("tunnel " + request).getBytes(StandardCharsets.UTF_8)));

            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean dataEnded = false;
            boolean errorEnded = false;
            while (!dataEnded || !errorEnded) {
                SpdyFrame.Data d = (SpdyFrame.Data) c.next();
                if (d.streamId() == data) {
                    got.writeBytes(d.data());
                    dataEnded |= d.fin();
                } else {
                    assertThat(d.streamId()).isEqualTo(error);
                    assertThat(d.data()).as("no error").isEmpty();
                    errorEnded |= d.fin();
                }
            }
            assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO TUNNEL " + request);
        }
        c.send(new SpdyFrame.Ping(1));
        assertThat(c.next()).isEqualTo(new SpdyFrame.Ping(1));
        c.send(new SpdyFrame.GoAway(0, 0));
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aPortNothingListensOnIsReportedOnTheErrorStream() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SpdyTestClient c = connect("/portForward/ns/p");
        c.send(new SpdyFrame.SynStream(1, false, headers("error", closedPort, 0)));
        c.send(new SpdyFrame.SynStream(3, false, headers("data", closedPort, 0)));
        assertThat(c.next()).isInstanceOf(SpdyFrame.SynReply.class);
        assertThat(c.next()).isInstanceOf(SpdyFrame.SynReply.class);
        SpdyFrame.Data message = (SpdyFrame.Data) c.next();
        assertThat(message.streamId()).isEqualTo(1);
        assertThat(new String(message.data(), StandardCharsets.UTF_8))
                .startsWith("error forwarding port " + closedPort + " to pod ns/p: dial tcp 127.0.0.1:" + closedPort);
    }

    @Test
    void aStreamWithoutAPortIsRefusedAndAnUnknownPodIsA404() throws Exception {
        SpdyTestClient c = connect("/portForward/ns/p");
        c.send(new SpdyFrame.SynStream(1, false, Map.of("streamtype", List.of("data"))));
        assertThat(c.next()).isEqualTo(new SpdyFrame.RstStream(1, SpdyFrame.RstStream.CANCEL));
        assertThatThrownBy(() -> connect("/portForward/ns/nope")).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UpgradeException.class).hasMessageContaining("404");
    }
}
