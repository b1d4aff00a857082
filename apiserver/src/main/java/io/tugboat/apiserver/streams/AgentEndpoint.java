package io.tugboat.apiserver.streams;

import java.net.URI;

/** Where a node's agent serves its kubelet API: the node's reported address and kubelet port. */
record AgentEndpoint(String host, int port) {

    /** An https URI on the agent; {@code pathAndQuery} is already encoded. */
    URI https(String pathAndQuery) {
        return URI.create("https://" + authority() + pathAndQuery);
    }

    /** The same for a WebSocket (wss) connection. */
    URI wss(String pathAndQuery) {
        return URI.create("wss://" + authority() + pathAndQuery);
    }

    private String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }
}
