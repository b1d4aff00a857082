package io.tugboat.runtime;

/** The runtime could not do what was asked; the message is fit for a pod event (e.g. "exec: \"foo\": not found"). */
public class RuntimeFailure extends Exception {
    public RuntimeFailure(String message) {
        super(message);
    }

    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
