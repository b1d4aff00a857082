package io.tugboat.runtime.process;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import io.tugboat.runtime.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An exec on a pseudo-terminal (pty4j): stdout and stderr are the one terminal stream, resizes go to the
 * terminal. pty4j starts the command as a session leader, so its process group is the command and its children.
 */
final class PtyExecProcess implements ExecProcess {

    private final PtyProcess process;
    private final OutputStream stdin;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final ProcessGroups groups;

    private PtyExecProcess(PtyProcess process, boolean stdin, ProcessGroups groups) {
        this.process = process;
        this.groups = groups;
        this.stdin = stdin ? process.getOutputStream() : OutputStream.nullOutputStream();
        Thread.ofVirtual().name("pty-exec-wait-" + process.pid()).start(() -> {
            try {
                exitCode.complete(normalise(process.waitFor()));
            } catch (InterruptedException e) {
                exitCode.completeExceptionally(e);
            }
        });
    }

    static PtyExecProcess start(List<String> command, Map<String, String> env, boolean stdin, int columns, int rows,
                                ProcessGroups groups) throws IOException {
        PtyProcess p = new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(env)
                .setRedirectErrorStream(true)
                .setInitialColumns(columns > 0 ? columns : 80)
                .setInitialRows(rows > 0 ? rows : 24)
                .setConsole(false)
                .start();
        return new PtyExecProcess(p, stdin, groups);
    }

    /** pty4j reports a signal death as the negated signal number on some versions; the contract wants 128+n. */
    private static int normalise(int code) {
        return code < 0 ? 128 - code : code;
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
        return InputStream.nullInputStream();
    }

    @Override
    public void resize(int columns, int rows) {
        if (process.isAlive()) {
            process.setWinSize(new WinSize(columns, rows));
        }
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
