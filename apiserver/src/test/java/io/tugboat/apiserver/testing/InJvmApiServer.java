package io.tugboat.apiserver.testing;

import io.tugboat.apiserver.ApiServer;
import io.tugboat.apiserver.ApiServerConfig;
import io.tugboat.apiserver.security.Pki;
import io.tugboat.apiserver.security.TokenAuthenticator;
import io.tugboat.apiserver.services.ServiceNetwork;
import io.tugboat.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real API server in this JVM on a loopback port, over a SQLite store in a directory the test owns, with an
 * admin client that verifies the server against its own CA. Tests that restart the server start another on the
 * same directory: the store, the TLS material and the tokens are kept there.
 */
public final class InJvmApiServer implements AutoCloseable {

    private static final Duration COMPACTION_INTERVAL = Duration.ofMinutes(5);

    private final Path dir;
    private final SqliteStore store;
    private final ApiServer server;
    private final AdminClient admin;

    private InJvmApiServer(Path dir, SqliteStore store, ApiServer server) {
        this.dir = dir;
        this.store = store;
        this.server = server;
        this.admin = new AdminClient(url(), server.adminToken(), sslContext());
    }

    /** Starts a server with the default service ranges (10.43.0.0/16, node ports 30000-32767). */
    public static InJvmApiServer start(Path dir) throws Exception {
        return start(dir, ServiceNetwork.DEFAULT);
    }

    public static InJvmApiServer start(Path dir, ServiceNetwork network) throws Exception {
        SqliteStore store = new SqliteStore(storeFile(dir));
        ApiServer server = null;
        try {
            server = new ApiServer(new ApiServerConfig("127.0.0.1", 0, dir.resolve("data"), List.of("127.0.0.1", "localhost"),
                    COMPACTION_INTERVAL, network), store);
            server.start();
            return new InJvmApiServer(dir, store, server);
        } catch (Exception | Error e) {
            // a server that did not come up must not keep the store's file lock for the next attempt
            if (server != null) {
                server.close();
            }
            store.close();
            throw e;
        }
    }

    /** The SQLite file of a server started on {@code dir}. */
    public static Path storeFile(Path dir) {
        return dir.resolve("db.sqlite");
    }

    public int port() {
        return server.port();
    }

    /** The base URL, e.g. {@code https://127.0.0.1:41234}. */
    public String url() {
        return "https://127.0.0.1:" + server.port();
    }

    public String adminToken() {
        return server.adminToken();
    }

    /** The token node agents hold, with which the server reaches them too. */
    public String nodeToken() {
        return TokenAuthenticator.loadOrCreateToken(dir.resolve("data").resolve("node-token"));
    }

    public Pki pki() {
        return server.pki();
    }

    public String caPem() {
        return server.pki().caPem();
    }

    /** The store under the server, for tests that write what the server would find after a crash. */
    public SqliteStore store() {
        return store;
    }

    /** Requests as the cluster admin over a TLS connection that trusts only this server's CA. */
    public AdminClient admin() {
        return admin;
    }

    /** TLS that trusts this server's CA and nothing else, for clients other than {@link #admin()}. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(server.pki().trustStore());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context for the server's CA", e);
        }
    }

    /** Stops the server, then closes the store (the server writes to it until it has stopped). */
    @Override
    public void close() {
        admin.close();
        server.close();
        store.close();
    }
}
