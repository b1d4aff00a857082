package io.tugboat.bench;

import io.tugboat.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code tug} control-plane role (e.g. {@code server --datastore etcd://...}) in a child JVM on a free
 * loopback port and a temporary data directory, with the JVM options {@code ./tug} uses ({@link ServerJvm}). {@link #close} stops it (SIGTERM, then SIGKILL) and removes the directory; a shutdown
 * hook does the same if the harness dies first.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path dataDir;
    private final int port;
    private final Path log;
    private final Process process;
    private final Thread reaper;

    private ServerProcess(Path root, int port, List<String> roleArgs) throws IOException {
        this.root = root;
        this.dataDir = root.resolve("data");
        this.port = port;
        this.log = root.resolve("tug.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(ServerJvm.options());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tugboat.cli.Tug"));
        cmd.addAll(roleArgs);
        cmd.addAll(List.of("--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--bind-address", "127.0.0.1"));
        this.process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        this.reaper = new Thread(process::destroyForcibly, "tug-server-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code tug <roleArgs...> --data-dir D --port P --bind-address 127.0.0.1} and waits until it serves. */
    public static ServerProcess start(List<String> roleArgs) {
        Path root;
        try {
            root = Files.createTempDirectory("tugboat-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess server = null;
        try {
            server = new ServerProcess(root, FreePorts.next(), roleArgs);
            server.awaitUp();
            return server;
        } catch (IOException e) {
            deleteTree(root);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                server.close();
            } else {
                deleteTree(root);
            }
            throw e;
        }
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("tug exited with " + process.exitValue() + ":\n" + log());
                }
                if (Files.exists(kubeconfig()) && log().contains("Tugboat is up")) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tug", e);
        }
        throw new IllegalStateException("tug did not come up within " + START_TIMEOUT + ":\n" + log());
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path kubeconfig() {
        return dataDir.resolve("kubeconfig");
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, reaper, Duration.ofSeconds(20));
        deleteTree(root);
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e.getMessage());
        }
    }
}
