package io.tugboat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-member etcd for tests: started from the etcd binary (Debian's etcd-server) on free
 * 127.0.0.1 ports with a fresh data directory, ready once its /health says so. {@link #close()} kills it
 * and deletes the directory; a JVM shutdown hook does the same if a test forgets, so that no etcd outlives
 * the test run.
 */
public final class EtcdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtcdServer.class);
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    /** A port taken between {@link FreePorts} and etcd's bind makes etcd exit; a fresh pair usually works. */
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path dir;
    private final String clientEndpoint;
    private final Thread shutdownHook;
    private boolean closed;

    private EtcdServer(Process process, Path dir, String clientEndpoint) {
        this.process = process;
        this.dir = dir;
        this.clientEndpoint = clientEndpoint;
        this.shutdownHook = new Thread(this::destroy, "etcd-server-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts etcd and waits until it is healthy, at most 30 seconds. */
    public static EtcdServer start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    /** Starts etcd and waits until it is healthy, at most {@code timeout}. */
    public static EtcdServer start(Duration timeout) {
        Path binary = findBinary();
        long deadline = System.nanoTime() + timeout.toNanos();
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, deadline);
            } catch (PortTakenException e) {
                log.info("etcd could not bind its ports (attempt {}), retrying with others", attempt);
                last = e;
            }
        }
        throw last;
    }

    /** The client URL, e.g. {@code http://127.0.0.1:43121}. */
    public String clientEndpoint() {
        return clientEndpoint;
    }

    public List<String> clientEndpoints() {
        return List.of(clientEndpoint);
    }

    /** The temporary directory holding the data directory and etcd's log. */
    public Path directory() {
        return dir;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Kills etcd (it keeps nothing a test needs) and deletes its directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook runs anyway
        }
    }

    private void destroy() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("etcd {} did not exit within {} after SIGKILL", process.pid(), STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dir);
    }

    private static EtcdServer startOnce(Path binary, long deadline) {
        Path dir = createTempDir();
        List<Integer> ports = FreePorts.next(2);
        String client = "http://127.0.0.1:" + ports.get(0);
        String peer = "http://127.0.0.1:" + ports.get(1);
        Path logFile = dir.resolve("etcd.log");
        List<String> command = List.of(binary.toString(),
                "--name", "test",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "test=" + peer,
                "--initial-cluster-state", "new",
                "--logger", "zap",
                "--log-level", "warn");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        // etcd also reads its flags from ETCD_* variables; none of the caller's may leak in
        builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        EtcdServer server = new EtcdServer(process, dir, client);
        try {
            server.awaitHealthy(deadline, logFile);
            log.info("etcd {} serving {} (pid {})", binary, client, process.pid());
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void awaitHealthy(long deadline, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(clientEndpoint + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                String output = tail(logFile);
                if (output.contains("address already in use")) {
                    throw new PortTakenException(output);
                }
                throw new IllegalStateException("etcd exited with " + process.exitValue() + " while starting:\n" + output);
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd at " + clientEndpoint + " not healthy in time:\n" + tail(logFile));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
        }
    }

    private static Path findBinary() {
        String configured = System.getProperty("tugboat.etcd.binary");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(":")) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "etcd"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/etcd"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "no etcd binary found on PATH or at /usr/bin/etcd; install Debian's etcd-server package"));
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("tugboat-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for etcd", e);
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "EtcdServer[" + clientEndpoint + "]";
    }

    /** etcd exited because one of its ports was taken meanwhile. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String output) {
            super("etcd could not bind its ports:\n" + output);
        }
    }
}
