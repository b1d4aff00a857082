package io.tugboat.apiserver;

import io.tugboat.api.ResourceTypes;
import io.tugboat.apiserver.discovery.Discovery;
import io.tugboat.apiserver.openapi.OpenApiEndpoints;
import io.tugboat.apiserver.registry.ObjectPreparer;
import io.tugboat.apiserver.registry.ObjectRegistry;
import io.tugboat.apiserver.rest.ResourceHandlers;
import io.tugboat.apiserver.security.Pki;
import io.tugboat.apiserver.services.AllocationRepair;
import io.tugboat.apiserver.services.ServiceAllocations;
import io.tugboat.apiserver.security.TokenAuthenticator;
import io.tugboat.store.Store;
import io.tugboat.apiserver.streams.AgentConnector;
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
 * The Kubernetes API over HTTPS, backed by a {@link Store}. Owns the Jetty server and the background
 * work that belongs to the API itself (namespace finalization, store compaction). Start once, stop once.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiServerConfig config;
    private final Store store;
    private final Pki pki;
    private final TokenAuthenticator authenticator;
    private final ObjectRegistry registry;
    private final ResourceTypes types;
    private final NamespaceFinalizer namespaceFinalizer;
    private final Compactor compactor;
    private final AllocationRepair allocationRepair;
    private AgentConnector agents;
    private Server jetty;
    private int boundPort;

    public ApiServer(ApiServerConfig config, Store store) {
        this.config = config;
        this.store = store;
        this.pki = Pki.loadOrCreate(config.pkiDir(), config.certificateNames());
        this.authenticator = TokenAuthenticator.loadOrCreate(config.adminTokenFile(), config.nodeTokenFile());
        this.types = ResourceTypes.builtIn();
        ServiceAllocations allocations = new ServiceAllocations(store, config.serviceNetwork(), Clock.systemUTC());
        this.registry = new ObjectRegistry(store, new ObjectPreparer(), Clock.systemUTC(), allocations);
        this.namespaceFinalizer = new NamespaceFinalizer(registry, types);
        this.compactor = new Compactor(store, config.compactionInterval());
        this.allocationRepair = new AllocationRepair(registry, SystemServices.servicesType(types), allocations, Clock.systemUTC());
    }

    public synchronized void start() throws Exception {
        if (jetty != null) {
            throw new IllegalStateException("already started");
        }
        new SystemNamespaces(registry, types).ensure();
        allocationRepair.runOnce();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("api");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);

        char[] password = "tugboat".toCharArray();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(pki.servingKeyStore(password));
        tls.setKeyStorePassword(new String(password));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach us by IP as often as by name
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(3_600_000); // watches stay open for up to an hour
        server.addConnector(connector);

        // exec and fabric8's watches arrive as WebSocket upgrades; streams may idle as long as the kubelet allows
        ServerWebSocketContainer webSockets = ServerWebSocketContainer.ensure(server);
        webSockets.setIdleTimeout(Duration.ofHours(4));
        webSockets.setMaxBinaryMessageSize(4L * 1024 * 1024);
        webSockets.setMaxTextMessageSize(4L * 1024 * 1024);

        // the API server reaches node agents with the node token, which agents are configured with too
        AgentConnector agentConnector = new AgentConnector(TokenAuthenticator.loadOrCreateToken(config.nodeTokenFile()));
        agentConnector.start();
        agents = agentConnector;

        OpenApiEndpoints openApi = new OpenApiEndpoints(types);
        String address = config.bindAddress() + ":" + config.port();
        ApiRouter router = new ApiRouter(types, new Discovery(types), openApi,
                ResourceHandlers.create(registry, types, openApi.fieldValidator(), Clock.systemUTC(), agentConnector), address);
        server.setHandler(new ApiHandler(authenticator, router, webSockets));
        server.setStopTimeout(2_000);
        server.start();
        jetty = server;
        boundPort = connector.getLocalPort();
        new SystemServices(registry, types, config.serviceNetwork()).ensure(advertiseAddress(config.bindAddress()), boundPort);
        namespaceFinalizer.start();
        compactor.start();
        allocationRepair.start();
        LOG.info("API server listening on https://{}:{}", config.bindAddress(), boundPort);
    }

    /** Where pods reach this server: the bind address, or the host's primary address when bound to all. */
    static String advertiseAddress(String bindAddress) {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? HostAddress.primary() : bindAddress;
    }

    public int port() {
        return boundPort;
    }

    public Pki pki() {
        return pki;
    }

    public String adminToken() {
        return TokenAuthenticator.loadOrCreateToken(config.adminTokenFile());
    }

    public ResourceTypes types() {
        return types;
    }

    @Override
    public synchronized void close() {
        allocationRepair.close();
        compactor.close();
        namespaceFinalizer.close();
        if (jetty != null) {
            try {
                jetty.stop();
            } catch (Exception e) {
                LOG.warn("error stopping the HTTP server", e);
            }
            jetty = null;
        }
        if (agents != null) {
            agents.close();
            agents = null;
        }
    }
}
