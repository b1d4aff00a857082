package io.tugboat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code tug} role ({@code up}, {@code server} or {@code agent}) in a child JVM with JVM options and
 * environment of the harness's choosing, its output in a log file. Unlike {@link ServerProcess} it adds no
 * arguments of its own, so that it can start an agent (which has no port) too. {@link #stop} sends SIGTERM,
 * as an operator would, and kills after a bound; a shutdown hook kills it if the harness dies first.
 */
final class TugJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;
    private final List<String> command;

    private TugJvm(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        this.name = name;
        this.log = log;
        this.command = List.copyOf(command);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        this.process = pb.start();
        this.reaper = new Thread(process::destroyForcibly, "tug-" + name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code java <jvmOptions> -cp <this classpath> io.tugboat.cli.Tug <tugArgs>} and waits until its log
     * contains {@code readyLine}.
     */
    static TugJvm start(String name, List<String> jvmOptions, Map<String, String> env, List<String> tugArgs, Path log,
                        String readyLine, Duration timeout) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // as ./tug passes it
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tugboat.cli.Tug"));
        cmd.addAll(tugArgs);
        TugJvm jvm;
        try {
            jvm = new TugJvm(name, cmd, env, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            jvm.awaitLine(readyLine, timeout);
            return jvm;
        } catch (RuntimeException | Error e) {
            jvm.close();
            throw e;
        }
    }

    private void awaitLine(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("tug " + name + " exited with " + process.exitValue() + ":\n" + tail(60));
                }
                if (log().contains(line)) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tug " + name, e);
        }
        throw new IllegalStateException("tug " + name + " did not say '" + line + "' within " + timeout + ":\n" + tail(60));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    List<String> command() {
        return command;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGTERM, up to {@code grace} for an orderly stop, then SIGKILL. Returns how it ended, for the report. */
    String stop(Duration grace) {
        return ChildProcesses.stop(process, reaper, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(40));
    }
}
