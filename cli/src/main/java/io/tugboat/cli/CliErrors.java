package io.tugboat.cli;

import java.io.IOException;
import java.net.BindException;

/** Turns a failure into the one line an operator reads. */
final class CliErrors {

    private CliErrors() {
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof BindException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof BindException) {
            return "cannot listen: " + root.getMessage() + " (is another tug already running? use --port)";
        }
        String message = e.getMessage() != null ? e.getMessage() : root.getMessage();
        if (message == null) {
            message = root.getClass().getSimpleName();
        }
        if (root instanceof IOException && root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message;
    }
}
