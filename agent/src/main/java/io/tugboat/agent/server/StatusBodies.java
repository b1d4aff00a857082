package io.tugboat.agent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.Json;

/** Kubernetes Status objects as the agent answers errors and reports exec results on the error channel. */
final class StatusBodies {

    private StatusBodies() {
    }

    /** A failed HTTP request: the API server passes the message on to the client. */
    static byte[] failure(int code, String reason, String message) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return Json.bytes(s);
    }

    /** What the kubelet writes on the error channel when the command exited 0. */
    static byte[] execSuccess() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Success");
        return Json.bytes(s);
    }

    /**
     * What the kubelet writes on the error channel for a non-zero exit: client-go turns the ExitCode cause into
     * the exit code kubectl exits with.
     */
    static byte[] execExitCode(String command, int code) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: error executing command " + command
                + ", exit code " + code);
        s.put("reason", "NonZeroExitCode");
        s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", Integer.toString(code));
        return Json.bytes(s);
    }

    /** A stream that could not run (no such container, not running, ...): kubectl prints the message. */
    static byte[] execFailure(int code, String reason, String message) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return Json.bytes(s);
    }
}
