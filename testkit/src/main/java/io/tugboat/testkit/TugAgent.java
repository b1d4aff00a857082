package io.tugboat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One more node for a {@link TugCluster}: a real `tug agent` in a child JVM with the test classpath, joining with
 * the cluster's node token and CA, on a pod range, bridge and cgroup parent of its own. {@link #kill} crashes it
 * (its pods keep running, as on a real node); {@link #close} stops it with SIGTERM, so that it ends its pods, and
 * then removes whatever is left on the host: pod processes, network namespaces, bridge, cgroups, directory.
 */
public final class TugAgent implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final TugCluster cluster;
    private final String nodeName;
    private final int net;
    private final Path root;
    private Process process;
    private Path log;
    private int starts;

    private TugAgent(TugCluster cluster, String nodeName, Path root) {
        this.cluster = cluster;
        this.nodeName = nodeName;
        this.net = otherNet(cluster);
        this.root = root;
    }

    /** Starts the agent and waits until it has joined (its Node registered and Ready). */
    public static TugAgent start(TugCluster cluster, String nodeName) {
        TugAgent agent;
        try {
            agent = new TugAgent(cluster, nodeName, Files.createTempDirectory("tugboat-agent-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            agent.launch();
        } catch (RuntimeException | Error e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    /** Starts the agent again on the same data, after {@link #kill} or {@link #killMachine}, and waits until it joined. */
    public void startAgain() {
        launch();
    }

    private void launch() {
        try {
            log = root.resolve("agent-" + (++starts) + ".log");
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.tugboat.cli.Tug", "agent",
                    "--server", cluster.url(),
                    "--token-file", cluster.dataDir().resolve("node-token").toString(),
                    "--ca-file", cluster.dataDir().resolve("pki").resolve("ca.crt").toString(),
                    "--data-dir", root.resolve("data").toString(),
                    "--node-name", nodeName, "--node-ip", "127.0.0.1", "--agent-port", "0",
                    "--pod-cidr", podCidr(), "--bridge", bridge(), "--cgroup-parent", cgroupParent()));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Process started = process;
            // if the test JVM dies without closing us, do not leave an agent running behind it
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "tug-agent-reaper"));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("tug agent exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                if (Files.readString(log).contains("Tugboat agent is up")) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("tug agent did not come up within " + START_TIMEOUT + ":\n" + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A /24 of 10.42.0.0/16 from the range TugCluster picks from, but not the cluster's own. */
    private static int otherNet(TugCluster cluster) {
        int own = Integer.parseInt(cluster.podCidr().split("\\.")[2]);
        Random random = new Random();
        int n;
        do {
            n = 100 + random.nextInt(150);
        } while (n == own);
        return n;
    }

    public String nodeName() {
        return nodeName;
    }

    public String podCidr() {
        return "10.42." + net + ".0/24";
    }

    public String bridge() {
        return "tugx" + net;
    }

    public String cgroupParent() {
        return "tugboat-xnode-" + net;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** What the agent printed in its latest run. */
    public String log() {
        try {
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL to the agent, as a crash: the node stops renewing its lease; its pods keep running. */
    public void kill() {
        if (alive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The machine dies: SIGKILL to the agent and to every process of its pods. Returns how many pod processes died. */
    public int killMachine() {
        kill();
        return Leftovers.killPodProcesses(cgroupParent());
    }

    @Override
    public void close() {
        try {
            if (alive()) {
                process.destroy(); // SIGTERM: the agent stops its pods before it exits
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Leftovers.killPodProcesses(cgroupParent());
        Leftovers.removeNetworkNamespaces(cgroupParent());
        Leftovers.unmountUnder(root);
        Leftovers.removeServiceRules(bridge());
        Leftovers.removeBridge(bridge());
        Leftovers.removeCgroups(cgroupParent());
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
    }
}
