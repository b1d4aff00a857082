package io.tugboat.runtime.process;

import io.tugboat.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An exec without a terminal: three pipes. The command leads its own process group so kill() reaches all it started. */
final class PipeExecProcess implements ExecProcess {

    private final Process process;
    private final OutputStream stdin;
    private final ProcessGroups groups;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    private PipeExecProcess(Process process, boolean stdin, ProcessGroups groups) throws IOException {
        this.process = process;
        this.groups = groups;
        // Waited for on a virtual thread of its own rather than through onExit() and the common pool.
        Thread.ofVirtual().name("exec-wait-" + process.pid()).start(() -> {
            try {
                exitCode.complete(process.waitFor());
            } catch (InterruptedException e) {
                exitCode.completeExceptionally(e);
            }
        });
        if (stdin) {
            this.stdin = process.getOutputStream();
        } else {
            process.getOutputStream().close();
            this.stdin = OutputStream.nullOutputStream();
        }
    }

    static PipeExecProcess start(List<String> command, Map<String, String> env, boolean stdin, ProcessGroups groups)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        return new PipeExecProcess(pb.start(), stdin, groups);
    }

    @Override
    public OutputStream stdin() {
        return stdin;
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
        // no terminal, nothing to resize
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void kill() {
        if (process.isAlive()) {
            groups.signal(process.pid(), 9);
            process.destroyForcibly();
        }
    }
}
