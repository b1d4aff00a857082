package io.tugboat.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** A running exec: its streams (stderr is empty with a tty), terminal resizes, and its exit code. */
public interface ExecProcess {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Resizes the terminal; no-op without a tty. */
    void resize(int columns, int rows);

    /** Completes with the exit code (128 + signal when killed). */
    CompletableFuture<Integer> exitCode();

    /** Kills the command and everything it started. */
    void kill();
}
