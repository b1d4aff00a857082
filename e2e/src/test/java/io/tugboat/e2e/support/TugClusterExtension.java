package io.tugboat.e2e.support;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.tugboat.testkit.ApiClient;
import io.tugboat.testkit.TugAgent;
import io.tugboat.testkit.TugCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The `tug up` a test class runs against, with what the class opens on it. Registered as a static
 * {@code @RegisterExtension} field, the cluster (and the nodes named by {@link #withNode}) starts before the class's
 * {@code @BeforeAll} methods, and after its {@code @AfterAll} methods (which may still clean up through it) the
 * fabric8 client, the extra nodes and the cluster are closed in that order, each even when an earlier one failed to.
 */
public final class TugClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final List<String> args;
    private final List<String> nodesAtStart = new ArrayList<>();
    private final Map<String, TugAgent> nodes = new LinkedHashMap<>();
    /** Read by awaitility's polling threads too. */
    private volatile TugCluster cluster;
    private KubernetesClient client;
    private ApiClient api;

    private TugClusterExtension(List<String> args) {
        this.args = List.copyOf(args);
    }

    /** A `tug up` with these extra options, e.g. {@code "--restart-backoff", "1s"}. */
    public static TugClusterExtension tugUp(String... args) {
        return new TugClusterExtension(List.of(args));
    }

    /** Another node, a `tug agent` called {@code name}, started with the cluster. */
    public TugClusterExtension withNode(String name) {
        nodesAtStart.add(name);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = TugCluster.start(args.toArray(String[]::new));
        try {
            for (String name : nodesAtStart) {
                startNode(name);
            }
        } catch (RuntimeException | Error e) {
            // what did start is not left running behind a class that will not run
            try {
                afterAll(context);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public TugCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster: it runs from before the class's @BeforeAll (when this is registered "
                    + "in a static field) to after its @AfterAll, if it could be started");
        }
        return cluster;
    }

    /** Whether the cluster runs, for clean-ups that only make sense if it does. */
    public boolean running() {
        return cluster != null;
    }

    /** A fabric8 client with the cluster's kubeconfig, made on first use. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            try {
                client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster().kubeconfig()))).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cluster's kubeconfig", e);
            }
        }
        return client;
    }

    /** Raw HTTPS requests with the kubeconfig's credentials, for exact status codes and bodies; made on first use. */
    public synchronized ApiClient api() {
        if (api == null) {
            api = new ApiClient(cluster().kubeconfig());
        }
        return api;
    }

    /** Starts a `tug agent` called {@code name} now and waits until it is up; it is closed before the cluster. */
    public synchronized TugAgent startNode(String name) {
        if (nodes.containsKey(name)) {
            throw new IllegalStateException("node " + name + " already started");
        }
        TugAgent agent = TugAgent.start(cluster(), name);
        nodes.put(name, agent);
        return agent;
    }

    public synchronized TugAgent node(String name) {
        TugAgent agent = nodes.get(name);
        if (agent == null) {
            throw new IllegalStateException("no node " + name + " was started; nodes: " + nodes.keySet());
        }
        return agent;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        List<AutoCloseable> toClose = new ArrayList<>();
        if (client != null) {
            toClose.add(client);
        }
        List<TugAgent> agents = new ArrayList<>(nodes.values());
        toClose.addAll(agents.reversed());
        if (cluster != null) {
            toClose.add(cluster);
        }
        client = null;
        api = null;
        nodes.clear();
        cluster = null;
        closeAll(toClose);
    }

    /** Closes each in turn; the first failure is thrown once all were tried, the others attached to it. */
    private static void closeAll(List<AutoCloseable> toClose) {
        RuntimeException failure = null;
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + c + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
