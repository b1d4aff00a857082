package io.tugboat.runtime.process;

import io.tugboat.runtime.ContainerSpec;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.Mount;
import io.tugboat.runtime.Resources;
import io.tugboat.runtime.RuntimeFailure;
import io.tugboat.runtime.Sandbox;
import io.tugboat.runtime.SandboxSpec;
import io.tugboat.runtime.logs.ContainerLogs;
import io.tugboat.runtime.logs.LogQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One test's runtime world: its own state directory, bridge, /24, cgroup parent; and a close() that removes every
 * process, namespace, bridge, cgroup and file it made, whatever state the test left it in.
 */
final class RuntimeFixture implements AutoCloseable {

    final Path dir;
    final String bridge;
    final String cidr;
    final String cgroupParent;
    final ProcessRuntimeConfig config;
    final List<ProcessRuntime> runtimes = new ArrayList<>();
    private int counter;

    RuntimeFixture(boolean isolate) throws IOException {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        dir = Files.createTempDirectory("tugrt-");
        bridge = "tugt" + suffix;
        cidr = "10.42." + (200 + ThreadLocalRandom.current().nextInt(55)) + ".0/24";
        cgroupParent = "tugt-" + suffix;
        config = new ProcessRuntimeConfig(dir.resolve("state"), isolate, bridge, cidr, Path.of("/usr/lib/cni"),
                cgroupParent, 1024 * 1024, 3);
    }

    ProcessRuntime runtime() throws RuntimeFailure {
        return runtime(config);
    }

    ProcessRuntime runtime(ProcessRuntimeConfig cfg) throws RuntimeFailure {
        ProcessRuntime rt = new ProcessRuntime(cfg);
        runtimes.add(rt);
        return rt;
    }

    Sandbox sandbox(ProcessRuntime rt, String id) throws RuntimeFailure {
        return rt.createSandbox(new SandboxSpec(id, "pod-" + id, false, Map.of("pod", id), List.of()));
    }

    ContainerSpec spec(String sandboxId, String... argv) {
        return spec(sandboxId, Map.of(), "", List.of(), Resources.NONE, argv);
    }

    ContainerSpec spec(String sandboxId, Map<String, String> env, String workingDir, List<Mount> mounts,
                       Resources resources, String... argv) {
        String id = "c" + (++counter) + "-" + sandboxId;
        return new ContainerSpec(id, sandboxId, "ctr" + counter, "none", List.of(argv), env, workingDir, mounts,
                resources, dir.resolve("logs").resolve(id + ".log"), Map.of("container", "ctr" + counter));
    }

    static String logs(ContainerSpec spec) {
        return logs(spec.logFile(), LogQuery.all());
    }

    static String logs(Path file, LogQuery query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ContainerLogs.write(file, query, out, () -> false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, RuntimeFailure {
        // A fresh runtime sees everything any runtime of this test left on disk, adopted or not.
        ProcessRuntime sweeper = null;
        try {
            runtimes.forEach(ProcessRuntime::close);
            if (Files.isDirectory(config.stateDir().resolve("containers"))) {
                sweeper = new ProcessRuntime(config);
                var recovered = sweeper.recover();
                for (ContainerStatus c : recovered.containers()) {
                    if (c.running()) {
                        sweeper.stopContainer(c.id(), Duration.ZERO);
                    }
                    sweeper.removeContainer(c.id());
                }
                for (Sandbox s : recovered.sandboxes()) {
                    sweeper.removeSandbox(s.id());
                }
            }
        } finally {
            if (sweeper != null) {
                sweeper.close();
            }
            if (config.isolate()) {
                run("ip", "link", "del", bridge);
                for (String line : run("ip", "netns", "list").split("\n")) {
                    String name = line.split(" ")[0];
                    if (name.startsWith("tug-" + cgroupParent)) {
                        run("ip", "netns", "delete", name);
                    }
                }
                for (String line : run("findmnt", "-rn", "-o", "TARGET").split("\n")) {
                    if (line.startsWith(dir.toString())) {
                        run("umount", line);
                    }
                }
                removeCgroups();
            }
            deleteTree(dir);
        }
    }

    private void removeCgroups() throws IOException {
        try (Stream<Path> found = Stream.of("memory", "cpu").map(c -> Path.of("/sys/fs/cgroup", c))
                .flatMap(this::findParent)) {
            for (Path p : found.toList()) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path d : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(d);
                    }
                }
            }
        }
    }

    private Stream<Path> findParent(Path controllerRoot) {
        try {
            return Files.find(controllerRoot, 4, (p, a) -> a.isDirectory() && p.getFileName().toString().equals(cgroupParent))
                    .toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    static String run(String... argv) throws IOException {
        return HostCommand.run(List.of(argv)).stdout();
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            StateStore.deleteTree(dir);
        }
    }
}
