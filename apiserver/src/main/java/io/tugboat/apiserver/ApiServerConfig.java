package io.tugboat.apiserver;

import io.tugboat.apiserver.services.ServiceNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the API server: where to listen, where its TLS material and tokens live, and the names
 * its serving certificate must carry, how much store history to keep (one compaction interval), and the
 * ranges Services get their cluster IPs and node ports from.
 */
public record ApiServerConfig(String bindAddress, int port, Path dataDir, List<String> certificateNames,
        Duration compactionInterval, ServiceNetwork serviceNetwork) {

    public ApiServerConfig(String bindAddress, int port, Path dataDir, List<String> certificateNames, Duration compactionInterval) {
        this(bindAddress, port, dataDir, certificateNames, compactionInterval, ServiceNetwork.DEFAULT);
    }

    public ApiServerConfig {
        certificateNames = List.copyOf(certificateNames);
        if (compactionInterval.isNegative() || compactionInterval.isZero()) {
            throw new IllegalArgumentException("the compaction interval must be positive, got " + compactionInterval);
        }
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
