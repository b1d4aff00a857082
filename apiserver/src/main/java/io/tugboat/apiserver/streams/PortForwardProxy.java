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
 * pods/{name}/portforward as kubectl >= 1.31 opens it: a WebSocket with subprotocol
 * {@code SPDY/3.1+portforward.k8s.io} whose binary messages carry a SPDY/3.1 connection. The API server does not
 * look inside: it opens the same tunnel to the agent of the pod's node (which speaks SPDY and dials the pod, as the
 * kubelet does) and relays the messages both ways. Plain SPDY over an HTTP upgrade, kubectl's fallback, is not
 * spoken; its request gets a 400 that says so.
 */
final class PortForwardProxy {

    static final String TUNNEL_PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardProxy.class);

    private final PodTargets targets;
    private final AgentConnector agents;

    PortForwardProxy(PodTargets targets, AgentConnector agents) {
        this.targets = targets;
        this.agents = agents;
    }

    void serve(HttpExchange ex, RequestPath rp) {
        if (!ex.method().equals("GET") && !ex.method().equals("POST")) {
            throw StatusException.methodNotAllowed(ex.method() + " is not supported on pods/portforward");
        }
        ObjectNode pod = targets.pod(rp.namespace(), rp.name());
        String node = PodTargets.nodeName(pod)
                .orElseThrow(() -> StatusException.badRequest("pod " + rp.name() + " does not have a host assigned"));
        AgentEndpoint agent = targets.agentOf(node);
        if (!ex.isWebSocketUpgrade()) {
            String upgrade = ex.header("Upgrade");
            if (upgrade != null && upgrade.toUpperCase().startsWith("SPDY")) {
                throw StatusException.badRequest("Tugboat serves pods/portforward over WebSocket (" + TUNNEL_PROTOCOL
                        + ") only, not plain SPDY; if the WebSocket attempt failed, the API server's log says why");
            }
            throw StatusException.badRequest("Upgrade request required");
        }
        if (!ex.webSocketProtocols().contains(TUNNEL_PROTOCOL)) {
            throw StatusException.badRequest("requested protocol(s) are not supported: " + ex.webSocketProtocols()
                    + "; supports [" + TUNNEL_PROTOCOL + "]");
        }
        String path = "/portForward/" + QueryValues.encode(rp.namespace()) + "/" + QueryValues.encode(rp.name());
        WebSocketRelay relay = new WebSocketRelay();
        Session upstream;
        try {
            upstream = agents.webSocket(agent.wss(path), TUNNEL_PROTOCOL, relay.agentSide())
                    .get(AgentConnector.CONNECT_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            // Nothing is accepted yet, so the failure is an HTTP Status; kubectl then retries over plain SPDY and
            // prints that attempt's 400, which points here.
            StatusException failure = AgentErrors.unreachable(agent, node, e);
            LOG.info("port-forward to {}/{}: {}", rp.namespace(), rp.name(), failure.getMessage());
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.internal("interrupted while opening the port-forward tunnel");
        }
        try {
            ex.acceptWebSocket(TUNNEL_PROTOCOL, relay.clientSide());
        } catch (RuntimeException e) {
            upstream.close(); // the tunnel must not outlive a client that never connected
            throw e;
        }
    }
}
