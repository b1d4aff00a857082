package io.tugboat.cli;

import io.tugboat.apiserver.ApiServer;
import io.tugboat.apiserver.ApiServerConfig;
import io.tugboat.apiserver.security.Pki;
import io.tugboat.client.ClusterAccess;
import io.tugboat.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control plane of one host: the store and the API server over it, started and stopped together. */
final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final Store store;
    private final ApiServer server;
    private final Path kubeconfig;
    private final Path dataDir;
    private final String localUrl;
    private final ControlLoops loops;

    private ControlPlane(Store store, ApiServer server, Path kubeconfig, Path dataDir, String localUrl, ControlLoops loops) {
        this.store = store;
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.dataDir = dataDir;
        this.localUrl = localUrl;
        this.loops = loops;
    }

    static ControlPlane start(ServerOptions options, DataStoreSpec datastore) throws Exception {
        Path dataDir = options.dataDir.toAbsolutePath();
        String bindAddress = options.bindAddress;
        Files.createDirectories(dataDir);
        LOG.info("opening the store: {}", datastore.describe());
        Store store = datastore.open();
        ApiServer server = null;
        try {
            server = new ApiServer(new ApiServerConfig(bindAddress, options.port, dataDir, certificateNames(bindAddress),
                    options.compactionInterval), store);
            server.start();
            String host = bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
            Path kubeconfig = dataDir.resolve("kubeconfig");
            String url = "https://" + host + ":" + server.port();
            Kubeconfig.write(kubeconfig, url, server.pki().caPem(), server.adminToken());
            ControlLoops loops = ControlLoops.start(new ClusterAccess(url, server.adminToken(), server.pki().caPem()),
                    !options.disableControllers);
            return new ControlPlane(store, server, kubeconfig, dataDir, url, loops);
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            store.close();
            throw e;
        }
    }

    /** Every address of this host, so that agents on other hosts can verify the server by any of them. */
    private static List<String> certificateNames(String bindAddress) {
        List<String> names = new ArrayList<>(Pki.defaultNames());
        if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::") && !names.contains(bindAddress)) {
            names.add(bindAddress);
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String ip = a.getHostAddress();
                    int zone = ip.indexOf('%');
                    ip = zone >= 0 ? ip.substring(0, zone) : ip;
                    if (!names.contains(ip)) {
                        names.add(ip);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list network interfaces", e);
        }
        return names;
    }

    int port() {
        return server.port();
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    Path dataDir() {
        return dataDir;
    }

    /** What an agent on this host joins with: the local URL, the node token and the cluster CA. */
    ClusterAccess nodeAccess() throws IOException {
        return new ClusterAccess(localUrl, Files.readString(dataDir.resolve("node-token")).strip(), server.pki().caPem());
    }

    @Override
    public void close() throws IOException {
        loops.close();
        server.close();
        store.close();
    }
}
