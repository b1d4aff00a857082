package io.tugboat.apiserver.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET pods/{name}/log: validates the options and the container, then streams the agent's /containerLogs answer
 * through as it comes (chunked, flushed per read, so that {@code -f} shows each line at once).
 */
final class LogProxy {

    private static final Logger LOG = LoggerFactory.getLogger(LogProxy.class);
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final PodTargets targets;
    private final AgentConnector agents;

    LogProxy(PodTargets targets, AgentConnector agents) {
        this.targets = targets;
        this.agents = agents;
    }

    void serve(HttpExchange ex, RequestPath rp) {
        if (!ex.method().equals("GET")) {
            throw StatusException.methodNotAllowed(ex.method() + " is not supported on pods/log");
        }
        PodLogRequest options = PodLogRequest.parse(ex, rp.name());
        ObjectNode pod = targets.pod(rp.namespace(), rp.name());
        String container = PodTargets.container(pod, options.container());
        Optional<String> node = PodTargets.nodeName(pod);
        if (node.isEmpty()) {
            // Kubernetes answers the log of a pod not yet scheduled with an empty body: nothing has run yet.
            ex.respond(200, "text/plain", new byte[0]);
            return;
        }
        AgentEndpoint agent = targets.agentOf(node.get());
        String path = "/containerLogs/" + QueryValues.encode(rp.namespace()) + "/" + QueryValues.encode(rp.name()) + "/"
                + QueryValues.encode(container) + "?" + options.agentQuery();
        InputStreamResponseListener listener = new InputStreamResponseListener();
        Request request = agents.get(agent.https(path), listener);
        Response response;
        try {
            response = listener.get(AgentConnector.CONNECT_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            request.abort(e);
            throw AgentErrors.unreachable(agent, node.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw StatusException.internal("interrupted while opening the log stream");
        }
        try (InputStream in = listener.getInputStream()) {
            if (response.getStatus() != 200) {
                throw AgentErrors.fromResponse(response.getStatus(), in.readNBytes(MAX_ERROR_BYTES));
            }
            ex.onClientGone(() -> request.abort(new IOException("the client went away")));
            OutputStream out = ex.stream(200, "text/plain");
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            out.close();
        } catch (IOException e) {
            // the client left or the agent's stream broke; either way the answer is over
            LOG.debug("log stream of {}/{} ended: {}", rp.namespace(), rp.name(), e.toString());
            request.abort(e);
        }
    }
}
