package io.tugboat.apiserver;

import java.nio.file.Path;
import java.util.List;

/**
 * How to run the API server: where to listen, where its TLS material and tokens live, and the names
 * its serving certificate must carry.
 */
public record ApiServerConfig(String bindAddress, int port, Path dataDir, List<String> certificateNames) {
    public ApiServerConfig {
        certificateNames = List.copyOf(certificateNames);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    public Path adminTokenFile() {
        return dataDir.resolve("admin-token");
    }

    public Path nodeTokenFile() {
        return dataDir.resolve("node-token");
    }
}
