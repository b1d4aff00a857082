package io.tugboat.apiserver.streams;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The API server's connections to node agents: HTTPS requests (logs) and WebSockets (exec), authenticated
 * with the node token. The agents' serving certificates are self-signed and not verified, as kube-apiserver
 * does not verify kubelets without --kubelet-certificate-authority; the bearer token still authenticates us.
 */
public final class AgentConnector implements AutoCloseable {

    /** How long an idle stream may stay open: the kubelet's default streaming-connection-idle-timeout. */
    static final Duration STREAM_IDLE_TIMEOUT = Duration.ofHours(4);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final long MAX_MESSAGE_BYTES = 4L * 1024 * 1024;

    private final String bearer;
    private final HttpClient http;
    private final WebSocketClient webSockets;

    public AgentConnector(String nodeToken) {
        this.bearer = "Bearer " + nodeToken;
        SslContextFactory.Client tls = new SslContextFactory.Client(true);
        tls.setEndpointIdentificationAlgorithm(null);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setConnectTimeout(CONNECT_TIMEOUT);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("agent-client");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        connector.setExecutor(threads);
        this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setIdleTimeout(STREAM_IDLE_TIMEOUT.toMillis());
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        this.webSockets = new WebSocketClient(http);
        webSockets.setIdleTimeout(STREAM_IDLE_TIMEOUT);
        webSockets.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        webSockets.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        webSockets.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
    }

    public void start() throws Exception {
        http.start();
        webSockets.start();
    }

    /** Sends a GET whose response is read as a stream; the caller waits on the listener for the headers. */
    Request get(URI uri, InputStreamResponseListener listener) {
        Request request = http.newRequest(uri)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, bearer))
                .idleTimeout(STREAM_IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        request.send(listener);
        return request;
    }

    /** Opens a WebSocket to the agent offering exactly {@code subprotocol}. */
    CompletableFuture<Session> webSocket(URI uri, String subprotocol, Session.Listener endpoint) throws IOException {
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        upgrade.setSubProtocols(subprotocol);
        upgrade.setHeader("Authorization", bearer);
        upgrade.setTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return webSockets.connect(endpoint, uri, upgrade);
    }

    @Override
    public void close() {
        try {
            webSockets.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is going down or the server is being replaced
        }
        try {
            http.stop();
        } catch (Exception e) {
            // as above
        }
    }
}
