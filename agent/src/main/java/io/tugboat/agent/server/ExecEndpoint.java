package io.tugboat.agent.server;

import io.tugboat.agent.streams.PodStreams;
import io.tugboat.runtime.ExecSpec;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * /exec/{namespace}/{pod}/{container}?command=..&stdin=&stdout=&stderr=&tty=: upgrades to a WebSocket speaking
 * the best channel protocol the caller offers, then hands the connection to an {@link ExecSession}.
 */
final class ExecEndpoint {

    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";
    static final List<String> PROTOCOLS = List.of(V5, V4);
    /** The terminal size until the client's first resize message: the classic default. */
    private static final int DEFAULT_COLUMNS = 80;
    private static final int DEFAULT_ROWS = 24;

    private final PodStreams pods;
    private final ServerWebSocketContainer webSockets;

    ExecEndpoint(PodStreams pods, ServerWebSocketContainer webSockets) {
        this.pods = pods;
        this.webSockets = webSockets;
    }

    void serve(Exchange ex, String namespace, String pod, String container) {
        boolean stdin;
        boolean stdout;
        boolean stderr;
        boolean tty;
        try {
            stdin = ex.flag("stdin");
            stdout = ex.flag("stdout");
            stderr = ex.flag("stderr");
            tty = ex.flag("tty");
        } catch (Exchange.BadQuery e) {
            ex.fail(400, "BadRequest", e.getMessage());
            return;
        }
        List<String> command = ex.queryAll("command");
        if (command.isEmpty()) {
            ex.fail(400, "BadRequest", "you must specify at least one command for the container");
            return;
        }
        if (!stdin && !stdout && !stderr) {
            ex.fail(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr");
            return;
        }
        String upgrade = ex.request().getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            ex.fail(400, "BadRequest", "Upgrade request required: exec is served over WebSocket ("
                    + String.join(", ", PROTOCOLS) + ")");
            return;
        }
        List<String> offered = offeredProtocols(ex);
        String protocol = offered.stream().filter(PROTOCOLS::contains).findFirst().orElse(null);
        if (protocol == null) {
            ex.fail(400, "BadRequest", "requested protocol(s) are not supported: " + offered + "; supports " + PROTOCOLS);
            return;
        }
        ExecSpec spec = new ExecSpec(command, stdin, tty, DEFAULT_COLUMNS, DEFAULT_ROWS);
        ExecSession session = new ExecSession(pods, new ExecTarget(namespace, pod, container, stdout, stderr && !tty), spec,
                protocol.equals(V5));
        boolean upgraded = webSockets.upgrade((req, resp, cb) -> {
            resp.setAcceptedSubProtocol(protocol);
            return session;
        }, ex.request(), ex.response(), ex.callback());
        if (!upgraded) {
            ex.fail(400, "BadRequest", "not a valid WebSocket upgrade request");
        }
    }

    static List<String> offeredProtocols(Exchange ex) {
        List<String> offered = new ArrayList<>();
        for (String value : ex.request().getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        return offered;
    }
}
