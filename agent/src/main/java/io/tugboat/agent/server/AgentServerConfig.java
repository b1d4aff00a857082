package io.tugboat.agent.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the agent's kubelet API: where to listen ({@code port} 0 picks a free one), the directory that keeps
 * its self-signed serving certificate across restarts, and the node token every caller (the API server) presents.
 */
public record AgentServerConfig(String bindAddress, int port, Path certDir, String nodeToken) {
    public AgentServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(certDir, "certDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (nodeToken == null || nodeToken.isBlank()) {
            throw new IllegalArgumentException("the node token must not be empty");
        }
    }
}
