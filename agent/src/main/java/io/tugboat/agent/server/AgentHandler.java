package io.tugboat.agent.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's kubelet API: checks the node token on every request, then routes by the kubelet's paths.
 * Runs blocking, on a virtual thread per request; every failure is answered with a Status.
 */
final class AgentHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHandler.class);

    private final byte[] expectedAuthorization;
    private final LogEndpoint logs;
    private final ExecEndpoint exec;
    private final PortForwardEndpoint portForward;

    AgentHandler(String nodeToken, LogEndpoint logs, ExecEndpoint exec, PortForwardEndpoint portForward) {
        super(InvocationType.BLOCKING);
        this.expectedAuthorization = ("Bearer " + nodeToken.strip()).getBytes(StandardCharsets.UTF_8);
        this.logs = logs;
        this.exec = exec;
        this.portForward = portForward;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = Exchange.of(request, response, callback);
        try {
            if (!authorized(request.getHeaders().get("Authorization"))) {
                // HTTP requires the challenge with a 401 (Jetty's client rejects the answer without it)
                response.getHeaders().put("WWW-Authenticate", "Bearer realm=\"tugboat-agent\"");
                ex.fail(401, "Unauthorized", "Unauthorized");
                return true;
            }
            route(ex);
        } catch (RuntimeException e) {
            LOG.error("internal error serving {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                ex.fail(500, "InternalError", "an internal error occurred: " + e);
            }
        }
        return true;
    }

    private void route(Exchange ex) {
        List<String> p = ex.path();
        String method = ex.request().getMethod();
        if (p.size() == 4 && p.get(0).equals("containerLogs")) {
            if (!method.equals("GET")) {
                ex.fail(405, "MethodNotAllowed", method + " is not supported on containerLogs");
                return;
            }
            logs.serve(ex, p.get(1), p.get(2), p.get(3));
        } else if (p.size() == 4 && p.get(0).equals("exec")) {
            exec.serve(ex, p.get(1), p.get(2), p.get(3));
        } else if (p.size() == 3 && p.get(0).equals("portForward")) {
            portForward.serve(ex, p.get(1), p.get(2));
        } else {
            ex.fail(404, "NotFound", "the server could not find the requested resource");
        }
    }

    /** Constant-time, so that the token cannot be found byte by byte from response times. */
    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(header.strip().getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }
}
