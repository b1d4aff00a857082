package io.tugboat.agent.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The node's cluster DNS server: UDP and TCP on one address and port, answering the cluster domain from a
 * {@link ServiceCatalog} and forwarding every other name to upstream resolvers. Each query and each TCP connection
 * runs on a virtual thread of its own, within fixed bounds (past them UDP queries are dropped, as an overloaded
 * DNS server does, and new TCP connections closed), so a flood costs memory in proportion to the bounds only.
 * Start once, close once.
 */
public final class ClusterDnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDnsServer.class);
    private static final int MAX_QUERIES_IN_FLIGHT = 256;
    private static final int MAX_TCP_CONNECTIONS = 64;
    /** RFC 7766 asks servers to close idle connections after some seconds; CoreDNS waits 10. */
    private static final Duration TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** With port 0 the UDP port is picked first; it may be taken for TCP, so a few picks are tried. */
    private static final int BIND_ATTEMPTS = 10;

    private final ClusterDnsConfig config;
    private final QueryHandler handler;
    private final Semaphore queries = new Semaphore(MAX_QUERIES_IN_FLIGHT);
    private final Semaphore connectionSlots = new Semaphore(MAX_TCP_CONNECTIONS);
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ExecutorService threads;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private int port;
    private boolean closed;

    public ClusterDnsServer(ClusterDnsConfig config, ServiceCatalog catalog) {
        this.config = config;
        Name zone = ZoneRecords.name(config.clusterDomain(), Name.root);
        ZoneRecords records = new ZoneRecords(zone, config.ttl().toSeconds(), Instant.now().getEpochSecond());
        this.handler = new QueryHandler(new ClusterZone(catalog, records), new ReverseLookup(catalog, records),
                new UpstreamForwarder(config.upstreams(), config.forwardTimeout()));
    }

    /** Binds both sockets and starts serving; fails, holding nothing, when the address cannot be bound. */
    public synchronized void start() throws IOException {
        if (threads != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        bind();
        threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cluster-dns-", 0).factory());
        threads.execute(this::serveUdp);
        threads.execute(this::acceptTcp);
        LOG.info("cluster DNS for {} listening on {} (udp, tcp), forwarding to {}", config.clusterDomain(),
                address(), config.upstreams().isEmpty() ? "nothing" : config.upstreams());
    }

    private void bind() throws IOException {
        InetSocketAddress listen = config.listen();
        for (int attempt = 1; ; attempt++) {
            DatagramSocket datagrams = new DatagramSocket(null);
            ServerSocket streams = new ServerSocket();
            try {
                datagrams.bind(listen);
                streams.setReuseAddress(true); // a restarted agent rebinds while old connections sit in TIME_WAIT
                streams.bind(new InetSocketAddress(listen.getAddress(), datagrams.getLocalPort()), 64);
                udp = datagrams;
                tcp = streams;
                port = datagrams.getLocalPort();
                return;
            } catch (IOException e) {
                datagrams.close();
                streams.close();
                if (!(e instanceof BindException) || listen.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The port both sockets listen on (the one chosen when configured with 0). */
    public synchronized int port() {
        if (udp == null) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    public synchronized InetSocketAddress address() {
        return new InetSocketAddress(config.listen().getAddress(), port());
    }

    private void serveUdp() {
        byte[] buffer = new byte[Message.MAXLENGTH];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!udp.isClosed()) {
                    LOG.debug("udp receive failed: {}", e.toString());
                }
                continue;
            }
            if (!queries.tryAcquire()) {
                LOG.debug("busy: dropping a udp query from {}", packet.getSocketAddress());
                continue;
            }
            byte[] request = Arrays.copyOf(packet.getData(), packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            try {
                threads.execute(() -> answerUdp(request, client));
            } catch (RejectedExecutionException e) {
                queries.release(); // closing
            }
        }
    }

    private void answerUdp(byte[] request, SocketAddress client) {
        try {
            Optional<byte[]> response = handler.respond(request, Transport.UDP, client);
            if (response.isPresent()) {
                udp.send(new DatagramPacket(response.get(), response.get().length, client));
            }
        } catch (IOException e) {
            LOG.debug("udp answer to {} not sent: {}", client, e.toString());
        } finally {
            queries.release();
        }
    }

    private void acceptTcp() {
        while (!tcp.isClosed()) {
            Socket connection;
            try {
                connection = tcp.accept();
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    LOG.debug("tcp accept failed: {}", e.toString());
                }
                continue;
            }
            if (!connectionSlots.tryAcquire()) {
                LOG.debug("busy: refusing a tcp connection from {}", connection.getRemoteSocketAddress());
                closeQuietly(connection);
                continue;
            }
            connections.add(connection);
            try {
                threads.execute(() -> serveConnection(connection));
            } catch (RejectedExecutionException e) {
                release(connection); // closing
            }
        }
    }

    /** Answers the queries of one connection in turn until the client closes it, goes idle or sends garbage. */
    private void serveConnection(Socket connection) {
        SocketAddress client = connection.getRemoteSocketAddress();
        try {
            connection.setSoTimeout((int) TCP_IDLE_TIMEOUT.toMillis());
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.getOutputStream()));
            for (byte[] request = TcpFraming.read(in); request != null; request = TcpFraming.read(in)) {
                Optional<byte[]> response = handler.respond(request, Transport.TCP, client);
                if (response.isEmpty()) {
                    break; // the framing may be off too: start afresh on a new connection
                }
                TcpFraming.write(out, response.get());
            }
        } catch (IOException e) {
            LOG.debug("tcp connection from {} ended: {}", client, e.toString());
        } finally {
            release(connection);
        }
    }

    private void release(Socket connection) {
        if (connections.remove(connection)) {
            closeQuietly(connection);
            connectionSlots.release();
        }
    }

    /** Closes both sockets and every connection, and waits for every thread of the server to end. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (threads == null) {
            return;
        }
        udp.close();
        closeQuietly(tcp);
        connections.forEach(ClusterDnsServer::closeQuietly);
        threads.shutdownNow(); // interrupts forwards in flight, which ends their sockets too
        try {
            if (!threads.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("cluster DNS threads still running {} after close", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("cluster DNS on {} stopped", address());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }
}
