package io.tugboat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code tug up} in a child JVM, on a loopback port and a temporary data directory, for scenario
 * tests to drive with kubectl and the Java clients. {@link #close} stops it and removes the directory;
 * {@link #kill} and {@link #restart} exercise crashes and restarts on the same data.
 */
public final class TugCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TugCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(60);
    /** The name of the node the cluster's own agent registers. */
    public static final String NODE_NAME = "tug-node";

    private final Path root;
    private final Path dataDir;
    private final Path kubeCache;
    private final int port;
    private final String role;
    private final List<String> extraArgs;
    private final int podNet = 100 + new java.util.Random().nextInt(150);
    private Process process;
    private Path log;
    private int starts;
    private boolean killed;

    private TugCluster(Path root, int port, String role, List<String> extraArgs) {
        this.root = root;
        this.role = role;
        this.extraArgs = List.copyOf(extraArgs);
        this.dataDir = root.resolve("data");
        this.kubeCache = root.resolve("kube-cache");
        this.port = port;
    }

    /** Starts a cluster, with extra `tug up` options if given (e.g. --compaction-interval 2s); the caller closes it. */
    public static TugCluster start(String... extraArgs) {
        return launchNew("up", List.of(extraArgs));
    }

    /** Starts `tug server` with its state in the etcd cluster at {@code etcdEndpoint} (http://host:port). */
    public static TugCluster startOnEtcd(String etcdEndpoint) {
        return launchNew("server", List.of("--datastore", "etcd://" + etcdEndpoint.replaceFirst("^https?://", "")));
    }

    private static TugCluster launchNew(String role, List<String> extraArgs) {
        try {
            TugCluster cluster = new TugCluster(Files.createTempDirectory("tugboat-test-"), FreePorts.next(), role, extraArgs);
            try {
                cluster.launch();
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        try {
            log = root.resolve("tug-" + (++starts) + ".log");
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "io.tugboat.cli.Tug", role, "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                    "--bind-address", "127.0.0.1"));
            if (role.equals("up")) {
                // an agent of its own that collides with nothing else on the machine: not a developer's
                // `tug up`, not another test's cluster
                cmd.addAll(List.of("--node-name", NODE_NAME, "--node-ip", "127.0.0.1", "--agent-port", "0",
                        "--pod-cidr", podCidr(), "--bridge", bridge(), "--cgroup-parent", cgroupParent()));
            }
            cmd.addAll(extraArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            process = pb.start();
            Process started = process;
            // If the test JVM dies without closing us, do not leave a server running behind it.
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "tug-cluster-reaper"));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("tug up exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                if (Files.exists(kubeconfig()) && accepting() && Files.readString(log).contains("Tugboat is up")) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("tug up did not come up within " + START_TIMEOUT + ":\n" + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "https://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path kubeconfig() {
        return dataDir.resolve("kubeconfig");
    }

    /** A scratch directory for the test's own files (manifests), removed with the cluster. */
    public Path workDir() {
        Path dir = root.resolve("work");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String serverLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs the real kubectl against this cluster. */
    public CommandResult kubectl(String... args) {
        return kubectlWithInput(null, args);
    }

    public CommandResult kubectlWithInput(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.addAll(List.of(args));
        return Processes.run(cmd, Map.of("KUBECONFIG", kubeconfig().toString(), "KUBECACHEDIR", kubeCache.toString()),
                workDir(), stdin, KUBECTL_TIMEOUT);
    }

    /** `kubectl apply` of {@code yaml} (one or more documents, on stdin); a refusal fails the test with kubectl's words. */
    public void apply(String yaml) {
        kubectlWithInput(yaml, "apply", "-f", "-").assertOk();
    }

    public void createNamespace(String name) {
        kubectl("create", "namespace", name).assertOk();
    }

    /**
     * What {@code kubectl get RESOURCE -o jsonpath=TEMPLATE} prints, stripped: e.g. {@code jsonPath("pod/web",
     * "{.status.phase}")}. Empty when kubectl fails (no such object yet), so that a poll for a value simply goes on.
     */
    public String jsonPath(String resource, String template) {
        CommandResult r = kubectl("get", resource, "-o", "jsonpath=" + template);
        return r.ok() ? r.stdout().strip() : "";
    }

    /** A kubectl process for this cluster that the caller starts and reads while it runs (e.g. get -w). */
    public ProcessBuilder kubectlProcess(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("kubectl");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir().toFile());
        pb.environment().put("KUBECONFIG", kubeconfig().toString());
        pb.environment().put("KUBECACHEDIR", kubeCache.toString());
        return pb;
    }

    /** Stops the server as an operator would (SIGTERM) and waits for it to exit. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    LOG.warn("tug did not stop on SIGTERM within 20 s; killing it");
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This cluster's pod range, a /24 of its own. */
    public String podCidr() {
        return "10.42." + podNet + ".0/24";
    }

    public String bridge() {
        return "tugt" + podNet;
    }

    public String cgroupParent() {
        return "tugboat-test-" + podNet;
    }

    /** Kills the server with SIGKILL, as a crash would (its pods keep running, as with a crashed agent). */
    public void kill() {
        if (process != null && process.isAlive()) {
            killed = true;
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** Starts the server again on the same data directory and port. */
    public void restart() {
        stop();
        launch();
    }

    /** Starts the server again after {@link #kill} or {@link #stop}. */
    public void startAgain() {
        killed = false;
        launch();
    }

    @Override
    public void close() {
        stop();
        if (killed && role.equals("up")) {
            // pods of a killed agent outlive it; the agent started again adopts them and its orderly stop ends them
            try {
                launch();
                stop();
            } catch (RuntimeException | Error e) {
                LOG.warn("could not restart the cluster to stop its pods", e);
            }
        }
        if (role.equals("up")) {
            int leaked = Leftovers.killPodProcesses(cgroupParent());
            if (leaked > 0) {
                LOG.warn("{} pod processes were still running after the cluster stopped; killed them", leaked);
            }
            Leftovers.removeNetworkNamespaces(cgroupParent());
            Leftovers.unmountUnder(root);
            Leftovers.removeServiceRules(bridge());
            Leftovers.removeBridge(bridge());
            Leftovers.removeCgroups(cgroupParent());
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}", root, e);
        }
    }
}
