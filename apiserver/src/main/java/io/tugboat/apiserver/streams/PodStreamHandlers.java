package io.tugboat.apiserver.streams;

import io.tugboat.api.ResourceTypes;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.http.RequestPath;
import io.tugboat.apiserver.registry.ObjectRegistry;

/** The pod subresources that stream from the node agent: log, exec and portforward. */
public final class PodStreamHandlers {

    private final LogProxy logs;
    private final ExecProxy exec;
    private final PortForwardProxy portForward;

    public PodStreamHandlers(ObjectRegistry registry, ResourceTypes types, AgentConnector agents) {
        PodTargets targets = new PodTargets(registry, types);
        this.logs = new LogProxy(targets, agents);
        this.exec = new ExecProxy(targets, agents);
        this.portForward = new PortForwardProxy(targets, agents);
    }

    /** Whether this serves the subresource; {@link #serve} may then be called. */
    public static boolean serves(String subresource) {
        return subresource.equals("log") || subresource.equals("exec") || subresource.equals("portforward");
    }

    public void serve(HttpExchange ex, RequestPath rp) {
        switch (rp.subresource()) {
            case "log" -> logs.serve(ex, rp);
            case "exec" -> exec.serve(ex, rp);
            case "portforward" -> portForward.serve(ex, rp);
            default -> throw new IllegalArgumentException("not a streaming subresource: " + rp.subresource());
        }
    }
}
