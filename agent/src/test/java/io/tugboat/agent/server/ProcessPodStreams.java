package io.tugboat.agent.server;

import io.tugboat.agent.streams.LogSource;
import io.tugboat.agent.streams.PodStreams;
import io.tugboat.agent.streams.StreamException;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A PodStreams over real host processes for one pod "p" in namespace "ns" with container "c". */
final class ProcessPodStreams implements PodStreams {

    final List<int[]> resizes = new CopyOnWriteArrayList<>();
    final List<Process> started = new CopyOnWriteArrayList<>();
    private final Path logFile;
    volatile BooleanSupplier stillWriting = () -> false;

    ProcessPodStreams(Path logFile) {
        this.logFile = logFile;
    }

    @Override
    public LogSource logs(String namespace, String pod, String container, boolean previous) throws StreamException {
        check(namespace, pod, container);
        if (previous) {
            throw new StreamException(400, "BadRequest", "previous terminated container \"c\" in pod \"p\" not found");
        }
        return new LogSource(logFile, () -> stillWriting.getAsBoolean());
    }

    @Override
    public ExecProcess exec(String namespace, String pod, String container, ExecSpec spec) throws StreamException {
        check(namespace, pod, container);
        Process process;
        try {
            process = new ProcessBuilder(spec.argv()).start();
        } catch (IOException e) {
            throw new StreamException(500, "InternalError", "cannot start " + spec.argv() + ": " + e.getMessage());
        }
        started.add(process);
        return new ExecProcess() {
            @Override
            public OutputStream stdin() {
                return process.getOutputStream();
            }

            @Override
            public InputStream stdout() {
                return process.getInputStream();
            }

            @Override
            public InputStream stderr() {
                return process.getErrorStream();
            }

            @Override
            public void resize(int columns, int rows) {
                resizes.add(new int[] {columns, rows});
            }

            @Override
            public CompletableFuture<Integer> exitCode() {
                return process.onExit().thenApply(Process::exitValue);
            }

            @Override
            public void kill() {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        };
    }

    @Override
    public String portForwardAddress(String namespace, String pod) throws StreamException {
        check(namespace, pod, "c");
        return "127.0.0.1";
    }

    private static void check(String namespace, String pod, String container) throws StreamException {
        if (!namespace.equals("ns") || !pod.equals("p")) {
            throw new StreamException(404, "NotFound", "pod \"" + pod + "\" not found on this node");
        }
        if (!container.equals("c")) {
            throw new StreamException(404, "NotFound", "container \"" + container + "\" not found in pod \"" + pod + "\"");
        }
    }

    void killAll() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }
}
