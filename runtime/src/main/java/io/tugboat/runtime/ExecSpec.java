package io.tugboat.runtime;

import java.util.List;

/** A command to run inside a container; with {@code tty} stdout and stderr are one terminal stream. */
public record ExecSpec(List<String> argv, boolean stdin, boolean tty, int columns, int rows) {
    public ExecSpec {
        argv = List.copyOf(argv);
    }
}
