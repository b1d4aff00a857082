package io.tugboat.cli;

import java.net.BindException;

/** Turns a failure into the one line an operator reads: what failed, and the underlying reason. */
final class CliErrors {

    private CliErrors() {
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen: " + t.getMessage() + " (is another tug already running? use --port)";
            }
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + ": " + cause.getMessage();
        }
        return message;
    }
}
