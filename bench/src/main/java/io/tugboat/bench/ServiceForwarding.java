package io.tugboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue #6's speed target: forwarding through a cluster IP. A real one-node {@code tug up} (as root: the pod gets
 * its own network namespace on the node's bridge, and the agent's service proxy programs its nftables table),
 * one pod bound to the node with two containers, {@code iperf3 -s -p 5201} and a small TCP echo server (Python,
 * port 7007), and a ClusterIP Service selecting it on both ports. Three ways to the same pod, all in one run:
 *
 * <ul>
 *   <li><b>direct</b>: the pod IP, from the host over the bridge;</li>
 *   <li><b>cluster IP</b>: the Service's address, DNAT'd (and masqueraded) by the node's nftables rules;</li>
 *   <li><b>HAProxy</b>: {@code haproxy} ({@code mode tcp}, one thread, one backend = the pod IP) on 127.0.0.1,
 *       the user-space comparison.</li>
 * </ul>
 *
 * <p>Throughput: {@code iperf3 -c TARGET -p PORT -t SECONDS -J} (one stream, then {@code -P N} streams), the three
 * targets interleaved over {@code --rounds} rounds with the order rotated each round; the medians and the ratios
 * cluster IP / direct and cluster IP / HAProxy (the target: >= 80% of direct and no worse than HAProxy). Latency,
 * from this JVM, to the echo server through each target: request/response (1 byte each way on one open
 * connection, TCP_NODELAY) and connection setup (connect + 1-byte round trip + close), each after a warm-up, the
 * targets taking turns in chunks of 250 and 50 samples. Every phase prints the CPU each process used, other
 * processes included; each iperf3 run also the machine's softirq time (where NAT and forwarding are charged) and
 * the packets dropped at a full input backlog.
 *
 * <pre>bench/run service-forwarding [--rounds 3] [--seconds 10] [--parallel 4] [--rr 5000] [--connects 1000]
 *                                 [--haproxy-threads 1] [--log FILE]</pre>
 * ({@code --parallel 0} skips the multi-stream runs; {@code --log} keeps a copy of the tug up log.) Installs
 * iperf3 and haproxy (and the node's own needs: nftables, the CNI plugins, python3) with apt-get when missing.
 */
public final class ServiceForwarding {
    private static final Set<String> OPTIONS = Set.of("rounds", "seconds", "parallel", "rr", "connects", "haproxy-threads", "log");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "fwd";
    private static final String POD = "fwd-0";
    private static final int IPERF_PORT = 5201;
    private static final int ECHO_PORT = 7007;
    private static final String IPERF3 = "/usr/bin/iperf3";
    private static final String HAPROXY = "/usr/sbin/haproxy";
    private static final int RR_WARMUP = 1_000;
    private static final int CONNECT_WARMUP = 100;
    /**
     * Latency is measured in chunks of about this many samples (each request/response chunk on a connection of
     * its own), the targets taking turns, so that drift and where the scheduler happens to place the client and
     * the server touch all three alike.
     */
    private static final int RR_CHUNK = 250;
    private static final int CONNECT_CHUNK = 50;
    /** Other processes using more than this many cores during a run make it disturbed (marked, and left out of the quiet medians). */
    private static final double DISTURBED = 0.10;

    /** What the harness runs (or the node needs), by absolute path -> the Debian package that provides it. */
    private static final Map<String, String> NEEDED = orderedMap(
            IPERF3, "iperf3",
            HAPROXY, "haproxy",
            "/usr/sbin/nft", "nftables",
            "/usr/bin/python3", "python3",
            "/usr/lib/cni/bridge", "containernetworking-plugins");

    /**
     * The pod's echo server: one thread, non-blocking sockets, TCP_NODELAY; echoes what it reads (small
     * messages: a partial send of a large one would be cut short, which 1-byte messages never meet).
     */
    private static final String ECHO_SERVER = """
            import selectors, socket
            sel = selectors.DefaultSelector()
            srv = socket.socket()
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(('0.0.0.0', %d))
            srv.listen(1024)
            srv.setblocking(False)
            sel.register(srv, selectors.EVENT_READ)
            while True:
                for key, _ in sel.select():
                    s = key.fileobj
                    if s is srv:
                        try:
                            c, _ = srv.accept()
                        except OSError:
                            continue
                        c.setblocking(False)
                        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                        sel.register(c, selectors.EVENT_READ)
                        continue
                    try:
                        data = s.recv(65536)
                    except OSError:
                        data = b''
                    if data:
                        try:
                            s.send(data)
                        except OSError:
                            pass
                    else:
                        sel.unregister(s)
                        s.close()
            """.formatted(ECHO_PORT);

    private ServiceForwarding() {
    }

    /** One way to the pod: where iperf3 and the echo client connect. */
    record Target(String name, String host, int iperfPort, int echoPort) {
    }

    /** One iperf3 run and the CPU each process used during it (cores). */
    record IperfRun(Target target, int streams, double bitsPerSecond, long retransmits, long backlogDrops, double client,
                    double server, double haproxy, double tug, double others, double kernelThreads, double softirq, double idle) {
        String line() {
            return String.format(Locale.ROOT, "%-10s %d stream%s %6.2f Gbit/s  retr %-6d backlog drops %-6d cpu: iperf3 -c %.2f, "
                            + "iperf3 -s %.2f, haproxy %.2f, tug up %.2f, softirq %.2f, idle %.2f, others %.2f (kernel threads %.2f)",
                    target.name(), streams, streams == 1 ? " " : "s", bitsPerSecond / 1e9, retransmits, backlogDrops, client, server,
                    haproxy, tug, softirq, idle, others, kernelThreads) + (others > DISTURBED ? "  DISTURBED" : "");
        }
    }

    /**
     * Machine-wide CPU ticks from /proc/stat (softirq time is accounted there, not to the process it interrupted,
     * when the kernel has IRQ time accounting, as this one does) and the packets dropped because a CPU's input
     * backlog (net.core.netdev_max_backlog) was full, from /proc/net/softnet_stat: veth and loopback deliver
     * through it.
     */
    record Machine(long softirq, long idle, long backlogDrops) {
        static Machine now() {
            long softirq = 0;
            long idle = 0;
            long drops = 0;
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
                softirq = Long.parseLong(cpu[7]);
                for (String line : Files.readAllLines(Path.of("/proc/net/softnet_stat"))) {
                    drops += Long.parseLong(line.trim().split("\\s+")[1], 16);
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return new Machine(softirq, idle, drops);
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int rounds = args.integer("rounds", 3);
        int seconds = args.integer("seconds", 10);
        int parallel = args.integer("parallel", 4);
        int rrCount = args.integer("rr", 5_000);
        int connectCount = args.integer("connects", 1_000);
        int haproxyThreads = args.integer("haproxy-threads", 1);
        if (rounds < 1 || seconds < 1 || rrCount < rounds || connectCount < rounds || haproxyThreads < 1) {
            throw new IllegalArgumentException("--rounds, --seconds, --haproxy-threads must be >= 1 and --rr, --connects >= --rounds");
        }
        if (!isRoot()) {
            throw new IllegalArgumentException("service-forwarding needs root (pods in their own network namespaces, the node's "
                    + "nftables rules, apt-get); run it as root");
        }
        ensureInstalled();

        Report.header("service-forwarding: iperf3 and 1-byte echo through a cluster IP (node nftables DNAT) vs the pod IP vs HAProxy",
                rounds + " rounds, targets interleaved (order rotated per round); iperf3 -t " + seconds + " -J, 1 stream"
                        + (parallel > 1 ? " and -P " + parallel : "") + "; echo: " + rrCount + " request/response on one connection + "
                        + connectCount + " connect/round trip/close per target (after " + RR_WARMUP + " + " + CONNECT_WARMUP
                        + " warm-up), targets taking turns in chunks of " + RR_CHUNK + " and " + CONNECT_CHUNK + "; HAProxy nbthread " + haproxyThreads + "; " + firstLine(List.of(IPERF3, "--version")) + "; "
                        + firstLine(List.of(HAPROXY, "-v")) + "; kernel " + firstLine(List.of("uname", "-r")));

        Path work = Files.createTempDirectory("tugboat-bench-fwd-");
        HaProxy haproxy = null;
        String haproxyStop = "not started";
        NodeCluster cluster = null;
        String cleanup = "no cluster";
        try {
            cluster = NodeCluster.up(ServerJvm.options(), List.of());
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                long tugPid = cluster.server().pid();
                System.out.println("cluster: tug up (SQLite) at " + cluster.describe() + ", pid " + tugPid
                        + " (" + ServerJvm.describe() + "), service rules in nftables table ip " + cluster.nftTable());
                Kubeconfig config = Kubeconfig.read(cluster.kubeconfig());
                HttpClient http = config.httpClient(threads);
                Api api = new Api(config, http);
                api.ensureNamespace(NodeCluster.NS);

                // ---- the pod and its Service -------------------------------------------------------------
                long t0 = System.nanoTime();
                String clusterIp = createService(api);
                create(api, "/api/v1/namespaces/" + NodeCluster.NS + "/pods", podJson());
                String podIp = awaitRunning(api, Duration.ofSeconds(90));
                long running = System.nanoTime();
                awaitReadyEndpoint(api, podIp, Duration.ofSeconds(60));
                long endpoint = System.nanoTime();
                Target direct = new Target("direct", podIp, IPERF_PORT, ECHO_PORT);
                Target service = new Target("cluster IP", clusterIp, IPERF_PORT, ECHO_PORT);
                awaitEcho(direct, Duration.ofSeconds(30));
                awaitEcho(service, Duration.ofSeconds(30)); // the node's rules are in
                long forwarded = System.nanoTime();
                System.out.printf(Locale.ROOT, "pod %s/%s at %s Running %.1f s after create, ready in its EndpointSlice +%.1f s, "
                                + "echo through cluster IP %s +%.1f s%n", NodeCluster.NS, POD, podIp, (running - t0) / 1e9,
                        (endpoint - running) / 1e9, clusterIp, (forwarded - endpoint) / 1e9);

                haproxy = HaProxy.start(work, podIp, haproxyThreads);
                Target viaHaproxy = new Target("HAProxy", "127.0.0.1", haproxy.iperfPort, haproxy.echoPort);
                awaitEcho(viaHaproxy, Duration.ofSeconds(15));
                System.out.println("haproxy: pid " + haproxy.pid() + ", 127.0.0.1:" + haproxy.iperfPort + " -> " + podIp + ":"
                        + IPERF_PORT + ", 127.0.0.1:" + haproxy.echoPort + " -> " + podIp + ":" + ECHO_PORT);
                List<Target> targets = List.of(direct, service, viaHaproxy);

                Map<String, Long> podPids = podPids(cluster);
                long serverPid = podPids.getOrDefault("iperf3", -1L);
                long echoPid = podPids.getOrDefault("echo", -1L);
                System.out.println("pod processes: iperf3 -s pid " + serverPid + ", echo server pid " + echoPid);

                // ---- throughput -------------------------------------------------------------------------
                for (Target t : targets) {
                    iperf(work, t, 1, 1, serverPid, haproxy.pid(), tugPid); // warm-up, and proof that each path carries iperf3
                }
                Map<String, List<IperfRun>> single = new LinkedHashMap<>();
                Map<String, List<IperfRun>> multi = new LinkedHashMap<>();
                targets.forEach(t -> {
                    single.put(t.name(), new ArrayList<>());
                    multi.put(t.name(), new ArrayList<>());
                });
                System.out.println("throughput (iperf3, receiver's bits/s):");
                for (int r = 0; r < rounds; r++) {
                    List<Target> order = rotate(targets, r);
                    for (Target t : order) {
                        IperfRun run = iperf(work, t, seconds, 1, serverPid, haproxy.pid(), tugPid);
                        single.get(t.name()).add(run);
                        System.out.println("  round " + (r + 1) + "  " + run.line());
                    }
                    if (parallel > 1) {
                        for (Target t : order) {
                            IperfRun run = iperf(work, t, seconds, parallel, serverPid, haproxy.pid(), tugPid);
                            multi.get(t.name()).add(run);
                            System.out.println("  round " + (r + 1) + "  " + run.line());
                        }
                    }
                }

                // ---- latency ----------------------------------------------------------------------------
                Map<String, Latencies> rr = new LinkedHashMap<>();
                Map<String, Latencies> connects = new LinkedHashMap<>();
                for (Target t : targets) {
                    rr.put(t.name(), new Latencies(rrCount));
                    connects.put(t.name(), new Latencies(connectCount));
                    roundTrips(t, RR_WARMUP, null);
                    connects(t, CONNECT_WARMUP, null);
                }
                CpuMeter latencyCpu = new CpuMeter().add("echo server", echoPid).add("haproxy", haproxy.pid()).add("tug up", tugPid)
                        .add("bench (client)", ProcessHandle.current().pid());
                latencyCpu.start();
                int chunks = Math.max(rounds, Math.min(rrCount / RR_CHUNK, connectCount / CONNECT_CHUNK));
                for (int c = 0; c < chunks; c++) {
                    for (Target t : rotate(targets, c)) {
                        roundTrips(t, share(rrCount, chunks, c), rr.get(t.name()));
                        connects(t, share(connectCount, chunks, c), connects.get(t.name()));
                    }
                }
                String latencyCpuReport = latencyCpu.stop();

                // ---- figures ----------------------------------------------------------------------------
                System.out.println();
                System.out.println("== results");
                printThroughput("1 stream", single, rounds);
                if (parallel > 1) {
                    printThroughput(parallel + " streams", multi, rounds);
                }
                printLatency("request/response, 1 byte each way on an open connection", rr, direct.name());
                printLatency("connection setup: connect + 1-byte round trip + close", connects, direct.name());
                System.out.println("cpu during the latency phase: " + latencyCpuReport);

                // ---- teardown ---------------------------------------------------------------------------
                HttpResponse<String> deleted = api.send("DELETE", "/api/v1/namespaces/" + NodeCluster.NS + "/services/" + APP, null);
                System.out.println("teardown: service delete " + deleted.statusCode() + "; "
                        + cluster.deletePodsAndWait(api, Duration.ofSeconds(60)));
                System.out.print(Report.problems(cluster.server().log(), 10));
                if (args.has("log")) {
                    Files.writeString(Path.of(args.string("log", "")), cluster.server().log());
                }
            }
        } finally {
            if (haproxy != null) {
                haproxyStop = haproxy.close();
            }
            if (cluster != null) {
                cleanup = cluster.shutdown();
            }
            ServerProcess.deleteTree(work);
        }
        System.out.println("cleanup: haproxy " + haproxyStop + "; " + cleanup);
    }

    // ---- set-up ------------------------------------------------------------------------------------------

    private static boolean isRoot() {
        return ProcessHandle.current().info().user().map(u -> u.equals("root")).orElse(false);
    }

    /** apt-get install of whatever is missing, as ./test does; says so on stderr; one line and exit on failure. */
    private static void ensureInstalled() {
        List<String> missing = NEEDED.entrySet().stream().filter(e -> !Files.isExecutable(Path.of(e.getKey())))
                .map(Map.Entry::getValue).distinct().toList();
        if (missing.isEmpty()) {
            return;
        }
        System.err.println("service-forwarding: installing missing Debian packages with apt-get: " + String.join(" ", missing));
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        if (exec(List.of("apt-get", "update", "-qq"), env, Duration.ofMinutes(5)) != 0
                || exec(install, env, Duration.ofMinutes(10)) != 0) {
            throw new IllegalArgumentException("apt-get could not install " + String.join(" ", missing) + " (see its output above)");
        }
        List<String> still = NEEDED.keySet().stream().filter(p -> !Files.isExecutable(Path.of(p))).toList();
        if (!still.isEmpty()) {
            throw new IllegalArgumentException("still missing after apt-get install: " + still);
        }
    }

    /** Runs {@code cmd} with its output on this process's stderr; its exit code, or -1. */
    private static int exec(List<String> cmd, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        return ChildProcesses.exitCode(pb, timeout);
    }

    private static String firstLine(List<String> cmd) {
        return NodeCluster.run(cmd).lines().filter(l -> !l.isBlank()).findFirst().orElse(String.join(" ", cmd) + ": ?").strip();
    }

    static String podJson() {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", POD).put("namespace", NodeCluster.NS);
        meta.putObject("labels").put("app", APP);
        ObjectNode spec = pod.putObject("spec");
        spec.put("nodeName", NodeCluster.NODE).put("terminationGracePeriodSeconds", 2);
        ArrayNode containers = spec.putArray("containers");
        container(containers, "iperf3", "networkstatic/iperf3", List.of(IPERF3, "-s", "-p", Integer.toString(IPERF_PORT)), IPERF_PORT);
        container(containers, "echo", "python:3.11-slim", List.of("/usr/bin/python3", "-c", ECHO_SERVER), ECHO_PORT);
        return pod.toString();
    }

    private static void container(ArrayNode containers, String name, String image, List<String> command, int port) {
        ObjectNode c = containers.addObject();
        c.put("name", name).put("image", image); // the process runtime only records the image
        ArrayNode cmd = c.putArray("command");
        command.forEach(cmd::add);
        c.putArray("ports").addObject().put("name", name).put("containerPort", port).put("protocol", "TCP");
    }

    static String serviceJson() {
        ObjectNode svc = JSON.createObjectNode();
        svc.put("apiVersion", "v1").put("kind", "Service");
        svc.putObject("metadata").put("name", APP).put("namespace", NodeCluster.NS);
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.putObject("selector").put("app", APP);
        ArrayNode ports = spec.putArray("ports");
        ports.addObject().put("name", "iperf3").put("port", IPERF_PORT).put("targetPort", IPERF_PORT).put("protocol", "TCP");
        ports.addObject().put("name", "echo").put("port", ECHO_PORT).put("targetPort", ECHO_PORT).put("protocol", "TCP");
        return svc.toString();
    }

    private static JsonNode create(Api api, String path, String body) throws IOException {
        HttpResponse<String> r = api.send("POST", path, body);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Creates the Service; returns its cluster IP, which must be in 10.43.0.0/16. */
    private static String createService(Api api) throws IOException {
        JsonNode svc = create(api, "/api/v1/namespaces/" + NodeCluster.NS + "/services", serviceJson());
        String ip = svc.path("spec").path("clusterIP").asText("");
        if (!ip.startsWith("10.43.")) {
            throw new IllegalStateException("the Service got cluster IP '" + ip + "', not one in 10.43.0.0/16");
        }
        return ip;
    }

    /** Waits until the pod is Running with both containers ready; returns its IP. */
    private static String awaitRunning(Api api, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.send("GET", "/api/v1/namespaces/" + NodeCluster.NS + "/pods/" + POD, null);
            if (r.statusCode() == 200) {
                JsonNode status = JSON.readTree(r.body()).path("status");
                String phase = status.path("phase").asText("");
                last = phase + " " + status.path("containerStatuses");
                if (phase.equals("Failed") || phase.equals("Succeeded")) {
                    throw new IllegalStateException("pod " + POD + " ended: " + last);
                }
                int ready = 0;
                for (JsonNode c : status.path("containerStatuses")) {
                    ready += c.path("ready").asBoolean() ? 1 : 0;
                }
                String ip = status.path("podIP").asText("");
                if (phase.equals("Running") && ready == 2 && !ip.isEmpty()) {
                    return ip;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("pod " + POD + " not Running with 2 ready containers within " + timeout.toSeconds()
                + " s; last seen: " + last);
    }

    /** Waits until the Service's EndpointSlice lists the pod as ready, with both ports. */
    private static void awaitReadyEndpoint(Api api, String podIp, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String path = "/apis/discovery.k8s.io/v1/namespaces/" + NodeCluster.NS
                + "/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D" + APP;
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.send("GET", path, null);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                for (JsonNode slice : JSON.readTree(r.body()).path("items")) {
                    int ports = 0;
                    for (JsonNode p : slice.path("ports")) {
                        ports += p.path("port").asInt() == IPERF_PORT || p.path("port").asInt() == ECHO_PORT ? 1 : 0;
                    }
                    for (JsonNode e : slice.path("endpoints")) {
                        boolean ours = false;
                        for (JsonNode a : e.path("addresses")) {
                            ours |= a.asText().equals(podIp);
                        }
                        if (ours && ports == 2 && e.path("conditions").path("ready").asBoolean(false)) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the EndpointSlice of service " + APP + " did not list " + podIp + " as ready within "
                + timeout.toSeconds() + " s; last: " + (last.length() > 400 ? last.substring(0, 400) : last));
    }

    /** Waits until one byte comes back through {@code t}'s echo port. */
    private static void awaitEcho(Target t, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.setSoTimeout(1_000);
                s.connect(new InetSocketAddress(t.host(), t.echoPort()), 1_000);
                s.getOutputStream().write(42);
                if (s.getInputStream().read() == 42) {
                    return;
                }
                last = "wrong answer";
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no echo through " + t.name() + " " + t.host() + ":" + t.echoPort() + " within "
                + timeout.toSeconds() + " s: " + last);
    }

    /** The pids of the pod's two commands (not their shims), found in the node's cgroups by command line. */
    private static Map<String, Long> podPids(NodeCluster cluster) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (long pid : cluster.podProcesses()) {
            ProcessHandle.of(pid).flatMap(h -> h.info().command()).ifPresent(cmd -> {
                if (cmd.endsWith("/iperf3")) {
                    pids.put("iperf3", pid);
                } else if (cmd.contains("python3")) {
                    pids.put("echo", pid);
                }
            });
        }
        return pids;
    }

    // ---- throughput --------------------------------------------------------------------------------------

    /** One {@code iperf3 -c} run through {@code t}; retried twice if the server says it is busy. */
    private static IperfRun iperf(Path work, Target t, int seconds, int streams, long serverPid, long haproxyPid, long tugPid)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(IPERF3, "-c", t.host(), "-p", Integer.toString(t.iperfPort()), "-t",
                Integer.toString(seconds), "-J"));
        if (streams > 1) {
            cmd.addAll(List.of("-P", Integer.toString(streams)));
        }
        String error = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            Path out = work.resolve("iperf3.json");
            Path err = work.resolve("iperf3.err");
            CpuMeter cpu = new CpuMeter().add("server", serverPid).add("haproxy", haproxyPid).add("tug", tugPid);
            long self = ProcessHandle.current().pid();
            long childTicks = PodStartup.childrenTicks(self);
            long start = System.nanoTime();
            cpu.start();
            Machine before = Machine.now();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", cmd) + " did not end within " + (seconds + 30) + " s");
            }
            cpu.stop();
            Machine after = Machine.now();
            double elapsed = (System.nanoTime() - start) / 1e9;
            double client = (PodStartup.childrenTicks(self) - childTicks) / 100.0 / elapsed;
            String text = Files.readString(out);
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                json = null;
            }
            if (json != null && json.path("error").isMissingNode() && json.path("end").path("sum_received").has("bits_per_second")) {
                JsonNode end = json.path("end");
                return new IperfRun(t, streams, end.path("sum_received").path("bits_per_second").asDouble(),
                        end.path("sum_sent").path("retransmits").asLong(), after.backlogDrops() - before.backlogDrops(), client,
                        cpu.cores("server"), cpu.cores("haproxy"), cpu.cores("tug"), cpu.otherCores(), cpu.kernelThreadCores(),
                        (after.softirq() - before.softirq()) / 100.0 / elapsed, (after.idle() - before.idle()) / 100.0 / elapsed);
            }
            error = json != null && json.has("error") ? json.path("error").asText()
                    : "exit " + p.exitValue() + ": " + Files.readString(err).strip() + " " + abbreviate(text);
            Thread.sleep(2_000); // "the server is busy running a test": the last test's end may not have reached it yet
        }
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + error);
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    private static void printThroughput(String label, Map<String, List<IperfRun>> runs, int rounds) {
        System.out.println("throughput, " + label + " (Gbit/s, median of " + rounds + "; per round):");
        Map<String, Double> medians = new LinkedHashMap<>();
        runs.forEach((name, list) -> {
            double median = median(list.stream().mapToDouble(IperfRun::bitsPerSecond).toArray());
            medians.put(name, median);
            StringBuilder b = new StringBuilder();
            list.forEach(r -> b.append(String.format(Locale.ROOT, "%.2f ", r.bitsPerSecond() / 1e9)));
            double client = median(list.stream().mapToDouble(IperfRun::client).toArray());
            double server = median(list.stream().mapToDouble(IperfRun::server).toArray());
            double softirq = median(list.stream().mapToDouble(IperfRun::softirq).toArray());
            double idle = median(list.stream().mapToDouble(IperfRun::idle).toArray());
            double others = list.stream().mapToDouble(IperfRun::others).max().orElse(0);
            double kthreads = list.stream().mapToDouble(IperfRun::kernelThreads).max().orElse(0);
            String haproxy = name.equals("HAProxy") ? String.format(Locale.ROOT, ", haproxy %.2f",
                    median(list.stream().mapToDouble(IperfRun::haproxy).toArray())) : "";
            System.out.printf(Locale.ROOT, "  %-10s median %6.2f  [%s]  cpu (median): iperf3 -c %.2f, iperf3 -s %.2f%s, softirq %.2f, "
                            + "idle %.2f; others at most %.2f (kernel threads at most %.2f); retransmits %s; backlog drops %s%n", name,
                    median / 1e9, b.toString().strip(), client, server, haproxy, softirq, idle, others, kthreads,
                    list.stream().map(r -> Long.toString(r.retransmits())).toList(),
                    list.stream().map(r -> Long.toString(r.backlogDrops())).toList());
        });
        List<String> names = new ArrayList<>(runs.keySet());
        double direct = medians.get(names.get(0));
        double service = medians.get(names.get(1));
        double haproxy = medians.get(names.get(2));
        StringBuilder perRound = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            double d = runs.get(names.get(0)).get(r).bitsPerSecond();
            double s = runs.get(names.get(1)).get(r).bitsPerSecond();
            double h = runs.get(names.get(2)).get(r).bitsPerSecond();
            perRound.append(String.format(Locale.ROOT, "%.1f%% / %.1f%%  ", 100 * s / d, 100 * s / h));
        }
        System.out.printf(Locale.ROOT, "  cluster IP / direct = %.1f%% (target >= 80%%: %s); cluster IP / HAProxy = %.1f%% (target >= 100%%: %s); "
                        + "per round (vs direct / vs HAProxy): %s%n", 100 * service / direct, service >= 0.8 * direct ? "met" : "MISSED",
                100 * service / haproxy, service >= haproxy ? "met" : "MISSED", perRound.toString().strip());
        List<Integer> quiet = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            int round = r;
            if (names.stream().allMatch(n -> runs.get(n).get(round).others() <= DISTURBED)) {
                quiet.add(r);
            }
        }
        if (quiet.size() < rounds) {
            double[] q = new double[3];
            for (int i = 0; i < 3; i++) {
                List<IperfRun> list = runs.get(names.get(i));
                q[i] = median(quiet.stream().mapToDouble(r -> list.get(r).bitsPerSecond()).toArray());
            }
            System.out.printf(Locale.ROOT, "  DISTURBED: other processes used more than %.2f cores in %d of %d rounds; the %d quiet round%s alone: "
                            + "%s%n", DISTURBED, rounds - quiet.size(), rounds, quiet.size(), quiet.size() == 1 ? "" : "s", quiet.isEmpty() ? "none"
                            : String.format(Locale.ROOT, "medians %.2f / %.2f / %.2f Gbit/s, cluster IP / direct %.1f%%, cluster IP / HAProxy %.1f%%",
                            q[0] / 1e9, q[1] / 1e9, q[2] / 1e9, 100 * q[1] / q[0], 100 * q[1] / q[2]));
        }
    }

    // ---- latency -----------------------------------------------------------------------------------------

    /** {@code n} 1-byte request/responses on one connection; recorded unless {@code into} is null (warm-up). */
    private static void roundTrips(Target t, int n, Latencies into) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5_000);
            s.connect(new InetSocketAddress(t.host(), t.echoPort()), 5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                out.write(i & 0x7f);
                if (in.read() != (i & 0x7f)) {
                    throw new IOException("wrong echo through " + t.name());
                }
                long took = System.nanoTime() - start;
                if (into != null) {
                    into.record(took);
                }
            }
        }
    }

    /** {@code n} times connect + 1-byte round trip + close; recorded unless {@code into} is null (warm-up). */
    private static void connects(Target t, int n, Latencies into) throws IOException {
        InetSocketAddress address = new InetSocketAddress(t.host(), t.echoPort());
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(5_000);
                s.connect(address, 5_000);
                s.getOutputStream().write(7);
                if (s.getInputStream().read() != 7) {
                    throw new IOException("wrong echo through " + t.name());
                }
            }
            long took = System.nanoTime() - start;
            if (into != null) {
                into.record(took);
            }
        }
    }

    private static void printLatency(String label, Map<String, Latencies> byTarget, String baseline) {
        System.out.println(label + " (microseconds):");
        Latencies.Summary base = byTarget.get(baseline).summary();
        byTarget.forEach((name, latencies) -> {
            Latencies.Summary s = latencies.summary();
            String added = name.equals(baseline) ? "" : String.format(Locale.ROOT, "   added vs %s: p50 %+.1f  p90 %+.1f  p99 %+.1f",
                    baseline, us(s.percentile(50) - base.percentile(50)), us(s.percentile(90) - base.percentile(90)),
                    us(s.percentile(99) - base.percentile(99)));
            System.out.printf(Locale.ROOT, "  %-10s n=%d  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f%s%n", name,
                    s.count(), us(s.percentile(50)), us(s.percentile(90)), us(s.percentile(99)), us(s.percentile(99.9)), us(s.max()),
                    s.meanMillis() * 1000, added);
        });
    }

    private static double us(long nanos) {
        return nanos / 1e3;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** The targets in round {@code r}'s order: rotated by {@code r}, so no path always runs first or last. */
    private static List<Target> rotate(List<Target> targets, int r) {
        List<Target> order = new ArrayList<>(targets);
        java.util.Collections.rotate(order, -(r % targets.size()));
        return order;
    }

    /** Part {@code r}'s share of {@code total} samples split in {@code rounds} parts: the last takes the remainder. */
    private static int share(int total, int rounds, int r) {
        return r == rounds - 1 ? total - (rounds - 1) * (total / rounds) : total / rounds;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * HAProxy as the user-space comparison: {@code mode tcp}, one backend (the pod IP) per port, its own
     * configuration in the harness's temporary directory, in the foreground ({@code -db}) as a child of this
     * JVM; a shutdown hook kills it if the harness dies first.
     */
    static final class HaProxy {
        final int iperfPort;
        final int echoPort;
        private final Process process;
        private final Thread hook;

        private HaProxy(Process process, int iperfPort, int echoPort) {
            this.process = process;
            this.iperfPort = iperfPort;
            this.echoPort = echoPort;
            this.hook = new Thread(process::destroyForcibly, "haproxy-reaper");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        static HaProxy start(Path dir, String backend, int threads) throws IOException, InterruptedException {
            List<Integer> ports = FreePorts.next(2);
            String config = """
                    global
                        nbthread %d
                        maxconn 4096
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 1m
                        timeout server 1m
                    listen iperf3
                        bind 127.0.0.1:%d
                        server pod %s:%d
                    listen echo
                        bind 127.0.0.1:%d
                        server pod %s:%d
                    """.formatted(threads, ports.get(0), backend, IPERF_PORT, ports.get(1), backend, ECHO_PORT);
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config, StandardCharsets.UTF_8);
            Path log = dir.resolve("haproxy.log");
            Process p = new ProcessBuilder(HAPROXY, "-db", "-f", cfg.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            HaProxy h = new HaProxy(p, ports.get(0), ports.get(1));
            Thread.sleep(300);
            if (!p.isAlive()) {
                h.close();
                throw new IllegalStateException("haproxy exited with " + p.exitValue() + ": " + Files.readString(log).strip());
            }
            return h;
        }

        long pid() {
            return process.pid();
        }

        /** SIGTERM (haproxy stops at once), SIGKILL after 10 s; how it ended, for the report. */
        String close() {
            return ChildProcesses.stop(process, hook, Duration.ofSeconds(10));
        }
    }
}
