package io.tugboat.runtime.process;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's records under the state directory: {@code sandboxes/<id>/sandbox.json} and
 * {@code containers/<id>/container.json}. Each write goes to a temporary file that is then renamed over the
 * record, so an agent killed mid-write leaves the old record or the new one, never a torn one.
 */
final class StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    private final Path sandboxes;
    private final Path containers;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    StateStore(Path stateDir) throws IOException {
        this.sandboxes = stateDir.resolve("sandboxes");
        this.containers = stateDir.resolve("containers");
        Files.createDirectories(sandboxes);
        Files.createDirectories(containers);
    }

    Path sandboxDir(String id) {
        return sandboxes.resolve(id);
    }

    Path containerDir(String id) {
        return containers.resolve(id);
    }

    void write(SandboxRecord record) throws IOException {
        Files.createDirectories(sandboxDir(record.id()));
        writeAtomically(sandboxDir(record.id()).resolve("sandbox.json"), json.writeValueAsBytes(record));
    }

    void write(ContainerRecord record) throws IOException {
        Files.createDirectories(containerDir(record.spec().id()));
        writeAtomically(containerDir(record.spec().id()).resolve("container.json"), json.writeValueAsBytes(record));
    }

    Optional<SandboxRecord> sandbox(String id) {
        return read(sandboxDir(id).resolve("sandbox.json"), SandboxRecord.class);
    }

    Optional<ContainerRecord> container(String id) {
        return read(containerDir(id).resolve("container.json"), ContainerRecord.class);
    }

    List<SandboxRecord> sandboxes() throws IOException {
        List<SandboxRecord> result = new ArrayList<>();
        for (Path dir : list(sandboxes)) {
            read(dir.resolve("sandbox.json"), SandboxRecord.class).ifPresent(result::add);
        }
        return result;
    }

    List<ContainerRecord> containers() throws IOException {
        List<ContainerRecord> result = new ArrayList<>();
        for (Path dir : list(containers)) {
            read(dir.resolve("container.json"), ContainerRecord.class).ifPresent(result::add);
        }
        return result;
    }

    void deleteSandbox(String id) throws IOException {
        deleteTree(sandboxDir(id));
    }

    void deleteContainer(String id) throws IOException {
        deleteTree(containerDir(id));
    }

    /** Writes through a temporary file in the same directory and renames it into place. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private <T> Optional<T> read(Path file, Class<T> type) {
        try {
            return Optional.of(json.readValue(file.toFile(), type));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("ignoring unreadable record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Files::isDirectory)) {
            stream.forEach(result::add);
        }
        result.sort(Comparator.naturalOrder());
        return result;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
