package io.tugboat.agent.server;

import io.tugboat.agent.streams.PodStreams;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's kubelet API over HTTPS, which the API server proxies pods/log and pods/exec to:
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} and {@code /exec/{namespace}/{pod}/{container}}
 * (WebSocket, v5.channel.k8s.io or v4.channel.k8s.io), and {@code /portForward/{namespace}/{pod}} (SPDY/3.1 tunnelled
 * in a WebSocket). Every request must carry the node token.
 * Start once, close once.
 */
public final class AgentServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    /** The kubelet's default streaming-connection-idle-timeout. */
    private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofHours(4);
    private static final long MAX_MESSAGE_BYTES = 4L * 1024 * 1024;

    private final AgentServerConfig config;
    private final PodStreams pods;
    private Server jetty;
    private int boundPort;

    public AgentServer(AgentServerConfig config, PodStreams pods) {
        this.config = config;
        this.pods = pods;
    }

    public synchronized void start() throws Exception {
        if (jetty != null) {
            throw new IllegalStateException("already started");
        }
        KeyStore keys = ServingCertificate.loadOrCreate(config.certDir());
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("agent-api");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword(new String(ServingCertificate.PASSWORD));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // the API server dials the node's IP
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(STREAM_IDLE_TIMEOUT.toMillis()); // a followed log may be quiet for long
        server.addConnector(connector);

        ServerWebSocketContainer webSockets = ServerWebSocketContainer.ensure(server);
        webSockets.setIdleTimeout(STREAM_IDLE_TIMEOUT);
        webSockets.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        webSockets.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        server.setHandler(new AgentHandler(config.nodeToken(), new LogEndpoint(pods, Clock.systemUTC()),
                new ExecEndpoint(pods, webSockets), new PortForwardEndpoint(pods, webSockets)));
        server.setStopTimeout(2_000);
        server.start();
        jetty = server;
        boundPort = connector.getLocalPort();
        LOG.info("agent API listening on https://{}:{}", config.bindAddress(), boundPort);
    }

    /** The port listened on (the chosen one when configured with 0); report it as the node's kubelet endpoint. */
    public synchronized int port() {
        return boundPort;
    }

    @Override
    public synchronized void close() {
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("error stopping the agent API server", e);
            }
            jetty = null;
        }
    }
}
