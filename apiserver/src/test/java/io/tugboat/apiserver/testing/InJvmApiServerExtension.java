package io.tugboat.apiserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link InJvmApiServer} for a whole test class, on a directory of its own: registered as a static
 * {@code @RegisterExtension} field, it starts before the class's {@code @BeforeAll} methods and stops after its
 * {@code @AfterAll} methods, so that those can still use it.
 */
public final class InJvmApiServerExtension implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private InJvmApiServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("tugboat-apiserver-test-");
        server = InJvmApiServer.start(dir);
    }

    public InJvmApiServer server() {
        if (server == null) {
            throw new IllegalStateException("the API server starts before the class's @BeforeAll; register this as a static field");
        }
        return server;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            server = null;
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
