package io.tugboat.cli;

import io.tugboat.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the admin kubeconfig that kubectl and the Java clients read. */
final class Kubeconfig {

    private Kubeconfig() {
    }

    static void write(Path file, String serverUrl, String caPem, String token) throws IOException {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", serverUrl);
        cluster.put("certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", "tugboat");
        context.put("user", "tugboat-admin");
        context.put("namespace", "default");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(Map.of("name", "tugboat", "cluster", cluster)));
        config.put("users", List.of(Map.of("name", "tugboat-admin", "user", Map.of("token", token))));
        config.put("contexts", List.of(Map.of("name", "tugboat", "context", context)));
        config.put("current-context", "tugboat");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Json.YAML.writeValueAsString(config));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the data directory's own permissions protect it
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
