package io.tugboat.apiserver.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pods/{name}/exec over WebSocket: checks the request as Kubernetes does (pod, container, node), opens the same
 * stream on the node's agent with the subprotocol the client chose, then accepts the client's WebSocket and
 * relays both ways. SPDY, kubectl's fallback, is not spoken.
 */
final class ExecProxy {

    private static final Logger LOG = LoggerFactory.getLogger(ExecProxy.class);

    private final PodTargets targets;
    private final AgentConnector agents;

    ExecProxy(PodTargets targets, AgentConnector agents) {
        this.targets = targets;
        this.agents = agents;
    }

    void serve(HttpExchange ex, RequestPath rp) {
        if (!ex.method().equals("GET") && !ex.method().equals("POST")) {
            throw StatusException.methodNotAllowed(ex.method() + " is not supported on pods/exec");
        }
        ExecRequest exec = ExecRequest.parse(ex);
        ObjectNode pod = targets.pod(rp.namespace(), rp.name());
        String container = PodTargets.container(pod, exec.container());
        String node = PodTargets.nodeName(pod)
                .orElseThrow(() -> StatusException.badRequest("pod " + rp.name() + " does not have a host assigned"));
        AgentEndpoint agent = targets.agentOf(node);
        if (!ex.isWebSocketUpgrade()) {
            String upgrade = ex.header("Upgrade");
            if (upgrade != null && upgrade.toUpperCase().startsWith("SPDY")) {
                throw StatusException.badRequest("Tugboat serves pods/exec over WebSocket (" + String.join(", ",
                        ChannelProtocols.SUPPORTED) + ") only, not SPDY; if the WebSocket attempt failed, the API server's log says why");
            }
            throw StatusException.badRequest("Upgrade request required");
        }
        String protocol = ChannelProtocols.choose(ex.webSocketProtocols());
        String path = "/exec/" + QueryValues.encode(rp.namespace()) + "/" + QueryValues.encode(rp.name()) + "/"
                + QueryValues.encode(container) + "?" + exec.agentQuery();
        WebSocketRelay relay = new WebSocketRelay();
        Session upstream;
        try {
            upstream = agents.webSocket(agent.wss(path), protocol, relay.agentSide())
                    .get(AgentConnector.CONNECT_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            StatusException failure = AgentErrors.unreachable(agent, node, e);
            LOG.info("exec in {}/{}: {}", rp.namespace(), rp.name(), failure.getMessage());
            ex.acceptWebSocket(protocol, new FailedStream(failure));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.internal("interrupted while opening the exec stream");
        }
        try {
            ex.acceptWebSocket(protocol, relay.clientSide());
        } catch (RuntimeException e) {
            upstream.close(); // the command must not outlive a client that never connected
            throw e;
        }
    }
}
