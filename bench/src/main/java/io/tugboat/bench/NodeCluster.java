package io.tugboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tugboat.agent.proxy.ServiceProxy;
import io.tugboat.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A one-node Tugboat for the node benchmarks, running pods for real (the process runtime; as root every pod
 * gets its own network namespace on a bridge): either {@code tug up} with its agent in one JVM, or {@code tug
 * server} and {@code tug agent} as separate JVMs. The node keeps apart from everything else on the machine by
 * its own pod range 10.42.N.0/24, bridge {@code tugbN} and cgroup parent {@code tugboat-bench-N} (N in 2..99;
 * the testkit's clusters take 100..249).
 *
 * <p>{@link #close} leaves nothing behind: it stops the JVMs (SIGTERM: an orderly stop stops the pods), then
 * removes whatever of the node is still on the host (processes left in its cgroups, network namespaces, the
 * bridge, the service proxy's nftables table {@code tugboat_tugbN}, the cgroup directories, wherever below
 * /sys/fs/cgroup they were made) and the temporary directory,
 * and says what it had to remove.
 */
final class NodeCluster implements AutoCloseable {
    static final String NODE = "bench-node";
    static final String NS = "bench";
    private static final Duration START = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private final int net;
    private final Path root;
    private final int port;
    private TugJvm server;
    private TugJvm agent;
    private int agents;

    private NodeCluster(int net, Path root, int port) {
        this.net = net;
        this.root = root;
        this.port = port;
    }

    /** {@code tug up} with its own agent in one JVM started with {@code jvmOptions}. */
    static NodeCluster up(List<String> jvmOptions, List<String> extraArgs) {
        NodeCluster c = create();
        try {
            List<String> args = new ArrayList<>(List.of("up", "--data-dir", c.dataDir().toString(), "--port",
                    Integer.toString(c.port), "--bind-address", "127.0.0.1"));
            args.addAll(c.agentArgs());
            args.addAll(extraArgs);
            c.server = TugJvm.start("up", jvmOptions, Map.of(), args, c.root.resolve("tug-up.log"), "Tugboat is up", START);
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** {@code tug server} alone; agents come with {@link #startAgent}. */
    static NodeCluster server(List<String> jvmOptions) {
        NodeCluster c = create();
        try {
            List<String> args = List.of("server", "--data-dir", c.dataDir().toString(), "--port", Integer.toString(c.port),
                    "--bind-address", "127.0.0.1");
            c.server = TugJvm.start("server", jvmOptions, Map.of(), args, c.root.resolve("tug-server.log"), "Tugboat is up", START);
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private static NodeCluster create() {
        try {
            int net = pickNet();
            int port = FreePorts.next();
            return new NodeCluster(net, Files.createTempDirectory("tugboat-bench-"), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free N: no interface tugbN, no address in 10.42.N.0/24 on the machine. */
    private static int pickNet() {
        String addresses = run(List.of("ip", "-o", "-4", "addr", "show"));
        List<Integer> candidates = new ArrayList<>();
        for (int n = 2; n < 100; n++) {
            candidates.add(n);
        }
        Collections.shuffle(candidates);
        for (int n : candidates) {
            if (!Files.exists(Path.of("/sys/class/net/tugb" + n)) && !addresses.contains(" 10.42." + n + ".")) {
                return n;
            }
        }
        throw new IllegalStateException("no free 10.42.N.0/24 for the bench node");
    }

    /** The agent's flags, the same in {@code tug up} and {@code tug agent}. */
    List<String> agentArgs() {
        return List.of("--node-name", NODE, "--node-ip", "127.0.0.1", "--agent-port", "0", "--pod-cidr", podCidr(),
                "--bridge", bridge(), "--cgroup-parent", cgroupParent());
    }

    /**
     * {@code tug agent} against this cluster's server in a JVM of its own, with a fresh data directory. Only one
     * agent at a time (they are the same node).
     */
    TugJvm startAgent(String label, List<String> jvmOptions, Map<String, String> env) {
        if (agent != null) {
            throw new IllegalStateException("an agent is running");
        }
        Path dir = root.resolve("agent-" + (++agents));
        List<String> args = new ArrayList<>(List.of("agent", "--server", "https://127.0.0.1:" + port,
                "--token-file", dataDir().resolve("node-token").toString(),
                "--ca-file", dataDir().resolve("pki").resolve("ca.crt").toString(), "--data-dir", dir.toString()));
        args.addAll(agentArgs());
        agent = TugJvm.start("agent " + label, jvmOptions, env, args, root.resolve("tug-agent-" + agents + ".log"),
                "Tugboat agent is up", START);
        return agent;
    }

    /** Stops the agent (SIGTERM: it stops its pods) and removes its data directory. */
    String stopAgent() {
        if (agent == null) {
            return "no agent";
        }
        String how = agent.stop(Duration.ofSeconds(40));
        agent = null;
        ServerProcess.deleteTree(root.resolve("agent-" + agents));
        return how;
    }

    String podCidr() {
        return "10.42." + net + ".0/24";
    }

    String bridge() {
        return "tugb" + net;
    }

    String cgroupParent() {
        return "tugboat-bench-" + net;
    }

    /** The node's nftables table (family ip), where its service proxy keeps its rules. */
    String nftTable() {
        return ServiceProxy.tableName(bridge());
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path kubeconfig() {
        return dataDir().resolve("kubeconfig");
    }

    TugJvm server() {
        return server;
    }

    String describe() {
        return "https://127.0.0.1:" + port + ", pods in " + podCidr() + " on bridge " + bridge() + ", cgroup parent "
                + cgroupParent();
    }

    // ---- pods ----------------------------------------------------------------------------------------------

    /**
     * A pod running {@code sleep 3600}; bound to the bench node unless {@code nodeName} is null (then the
     * scheduler places it); with {@code probe} an exec readiness probe every {@code probePeriod} seconds.
     */
    static String pod(String name, String nodeName, boolean probe, int probePeriod) {
        StringBuilder b = new StringBuilder(320);
        b.append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(NS).append("\",\"labels\":{\"app\":\"bench\"}},\"spec\":{");
        if (nodeName != null) {
            b.append("\"nodeName\":\"").append(nodeName).append("\",");
        }
        b.append("\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1.36\",\"command\":[\"sleep\",\"3600\"]");
        if (probe) {
            b.append(",\"readinessProbe\":{\"exec\":{\"command\":[\"true\"]},\"periodSeconds\":").append(probePeriod).append('}');
        }
        b.append("}]}}");
        return b.toString();
    }

    /** The pods of the bench namespace: name -> phase ("" when not reported yet). */
    static Map<String, String> phases(Api api) {
        HttpResponse<String> r = api.send("GET", "/api/v1/namespaces/" + NS + "/pods", null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("cannot list pods: " + r.statusCode() + " " + r.body());
        }
        Map<String, String> phases = new TreeMap<>();
        try {
            for (JsonNode item : JSON.readTree(r.body()).path("items")) {
                phases.put(item.path("metadata").path("name").asText(), item.path("status").path("phase").asText(""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return phases;
    }

    /** The list's resourceVersion, to start a watch right after it. */
    static String listVersion(Api api) {
        HttpResponse<String> r = api.send("GET", "/api/v1/namespaces/" + NS + "/pods", null);
        try {
            return JSON.readTree(r.body()).path("metadata").path("resourceVersion").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the pods (bodies by name), at most 8 requests at once; returns the failures (name -> status). */
    static Map<String, String> createAll(Api api, Map<String, String> bodies) {
        return forEach(api, bodies.keySet(), name -> {
            HttpResponse<String> r = api.send("POST", "/api/v1/namespaces/" + NS + "/pods", bodies.get(name));
            return r.statusCode() == 201 ? null : r.statusCode() + " " + r.body();
        });
    }

    /** Deletes every pod of the bench namespace (graceful, as kubectl does); returns the failures. */
    static Map<String, String> deleteAll(Api api) {
        return forEach(api, phases(api).keySet(), name -> {
            HttpResponse<String> r = api.send("DELETE", "/api/v1/namespaces/" + NS + "/pods/" + name, null);
            return r.statusCode() == 200 || r.statusCode() == 202 || r.statusCode() == 404 ? null : r.statusCode() + " " + r.body();
        });
    }

    private static Map<String, String> forEach(Api api, Set<String> names, java.util.function.Function<String, String> call) {
        Map<String, String> failures = Collections.synchronizedMap(new TreeMap<>());
        Semaphore permits = new Semaphore(8);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String name : names) {
                permits.acquireUninterruptibly();
                threads.submit(() -> {
                    try {
                        String failure = call.apply(name);
                        if (failure != null) {
                            failures.put(name, failure);
                        }
                    } catch (RuntimeException e) {
                        failures.put(name, e.toString());
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        return failures;
    }

    /** Waits until the API has no pod in the bench namespace; returns how long it took, or -1 on timeout. */
    static long awaitNoPods(Api api, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (phases(api).isEmpty()) {
                return System.nanoTime() - start;
            }
            Thread.sleep(250);
        }
        return -1;
    }

    /** Deletes every pod, waits until the API has none and no process is left in the node's cgroups. */
    String deletePodsAndWait(Api api, Duration timeout) throws InterruptedException {
        Map<String, String> failed = deleteAll(api);
        long gone = awaitNoPods(api, timeout);
        long start = System.nanoTime();
        int left = podProcesses().size();
        while (left > 0 && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
            Thread.sleep(250);
            left = podProcesses().size();
        }
        return (failed.isEmpty() ? "" : failed.size() + " deletes failed, e.g. " + failed.entrySet().iterator().next() + "; ")
                + (gone < 0 ? "pods still in the API after " + timeout.toSeconds() + " s" : String.format(java.util.Locale.ROOT,
                "all pods gone from the API in %.1f s", gone / 1e9))
                + (left == 0 ? ", no pod process left" : ", " + left + " processes still in the node's cgroups");
    }

    // ---- the host side -------------------------------------------------------------------------------------

    /** Every directory named like the cgroup parent, in every hierarchy, up to 5 levels down. */
    List<Path> cgroupDirs() {
        List<Path> found = new ArrayList<>();
        Deque<Map.Entry<Path, Integer>> todo = new ArrayDeque<>();
        todo.add(Map.entry(CGROUP_ROOT, 0));
        while (!todo.isEmpty()) {
            Map.Entry<Path, Integer> e = todo.poll();
            try (Stream<Path> children = Files.list(e.getKey())) {
                for (Path child : children.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                    if (child.getFileName().toString().equals(cgroupParent())) {
                        found.add(child);
                    } else if (e.getValue() < 5) {
                        todo.add(Map.entry(child, e.getValue() + 1));
                    }
                }
            } catch (IOException | UncheckedIOException ignored) {
                // vanished or unreadable
            }
        }
        return found;
    }

    /** Pids in the node's cgroups (pods' shims and commands). */
    Set<Long> podProcesses() {
        Set<Long> pids = new HashSet<>();
        for (Path dir : cgroupDirs()) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.getFileName().toString().equals("cgroup.procs")).forEach(p -> {
                    try {
                        Files.readAllLines(p).stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).forEach(pids::add);
                    } catch (IOException | RuntimeException ignored) {
                        // the cgroup went away
                    }
                });
            } catch (IOException | UncheckedIOException ignored) {
                // the cgroup went away
            }
        }
        return pids;
    }

    /** Removes what is left of the node on the host; returns what it found, for the report. */
    String cleanHost() {
        Map<String, String> did = new LinkedHashMap<>();
        Set<Long> left = podProcesses();
        if (!left.isEmpty()) {
            for (long pid : left) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            did.put("killed", left.size() + " leftover pod processes " + left);
            sleep(500);
        }
        try (Stream<Path> netns = Files.list(Path.of("/run/netns"))) {
            List<String> ours = netns.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tug-" + cgroupParent() + "-")).toList();
            for (String ns : ours) {
                run(List.of("ip", "netns", "delete", ns));
            }
            if (!ours.isEmpty()) {
                did.put("netns", "deleted " + ours.size() + " leftover network namespaces");
            }
        } catch (IOException | UncheckedIOException ignored) {
            // no /run/netns
        }
        if (Files.exists(Path.of("/sys/class/net/" + bridge()))) {
            run(List.of("ip", "link", "del", bridge()));
            did.put("bridge", (Files.exists(Path.of("/sys/class/net/" + bridge())) ? "could NOT delete " : "deleted ") + bridge());
        }
        String table = nftTable();
        if (exitCode(List.of("nft", "list", "table", "ip", table)) == 0) {
            run(List.of("nft", "delete", "table", "ip", table));
            did.put("nft", (exitCode(List.of("nft", "list", "table", "ip", table)) == 0 ? "could NOT delete " : "deleted ")
                    + "nftables table ip " + table);
        }
        List<Path> dirs = cgroupDirs();
        List<String> stuck = new ArrayList<>();
        for (Path dir : dirs) {
            removeCgroup(dir, stuck);
        }
        if (!dirs.isEmpty()) {
            did.put("cgroups", "removed " + dirs.size() + " cgroup dirs " + dirs + (stuck.isEmpty() ? "" : "; could NOT remove " + stuck));
        }
        return did.isEmpty() ? "nothing left" : did.values().toString();
    }

    private static void removeCgroup(Path dir, List<String> stuck) {
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                removeCgroup(child, stuck);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // gone
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                Files.deleteIfExists(dir); // rmdir: a cgroup directory goes with its control files
                return;
            } catch (IOException e) {
                sleep(100); // the kernel may still hold a process that just died
            }
        }
        stuck.add(dir.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The exit code of {@code cmd} (its output discarded), or -1 when it cannot be run or does not end in 20 s. */
    static int exitCode(List<String> cmd) {
        return ChildProcesses.exitCode(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD), Duration.ofSeconds(20));
    }

    /** Stops everything and removes it; returns what had to be cleaned on the host. */
    String shutdown() {
        StringBuilder b = new StringBuilder();
        if (agent != null) {
            b.append("agent ").append(agent.stop(Duration.ofSeconds(40))).append("; ");
            agent = null;
        }
        if (server != null) {
            b.append("tug ").append(server.stop(Duration.ofSeconds(40))).append("; ");
            server = null;
        }
        b.append("host: ").append(cleanHost());
        ServerProcess.deleteTree(root);
        return b.toString();
    }

    @Override
    public void close() {
        shutdown();
    }
}
