package io.tugboat.agent.server;

import io.tugboat.agent.streams.PodStreams;
import io.tugboat.agent.streams.StreamException;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * /portForward/{namespace}/{pod}: a WebSocket whose binary messages carry a SPDY/3.1 connection (subprotocol
 * {@code SPDY/3.1+portforward.k8s.io}, the tunnel kubectl >= 1.31 opens and the API server relays byte for byte),
 * served by a {@link PortForwardSession} that dials the pod's ports.
 */
final class PortForwardEndpoint {

    static final String PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private final PodStreams pods;
    private final ServerWebSocketContainer webSockets;

    PortForwardEndpoint(PodStreams pods, ServerWebSocketContainer webSockets) {
        this.pods = pods;
        this.webSockets = webSockets;
    }

    void serve(Exchange ex, String namespace, String pod) {
        String upgrade = ex.request().getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            ex.fail(400, "BadRequest", "Upgrade request required: port forwarding is served over WebSocket (" + PROTOCOL + ")");
            return;
        }
        List<String> offered = ExecEndpoint.offeredProtocols(ex);
        if (!offered.contains(PROTOCOL)) {
            ex.fail(400, "BadRequest", "requested protocol(s) are not supported: " + offered + "; supports [" + PROTOCOL + "]");
            return;
        }
        String address;
        try {
            // resolved before the upgrade, so that an unknown pod is an HTTP error the API server can pass on
            address = pods.portForwardAddress(namespace, pod);
        } catch (StreamException e) {
            ex.fail(e.code(), e.reason(), e.getMessage());
            return;
        }
        PortForwardSession session = new PortForwardSession(namespace + "/" + pod, address);
        boolean upgraded = webSockets.upgrade((req, resp, cb) -> {
            resp.setAcceptedSubProtocol(PROTOCOL);
            return session;
        }, ex.request(), ex.response(), ex.callback());
        if (!upgraded) {
            ex.fail(400, "BadRequest", "not a valid WebSocket upgrade request");
        }
    }
}
