package io.tugboat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue #5's end-to-end scheduling target: pods bound per second through the API with simulated nodes (no agents,
 * no processes). A real {@code tug server} (API server on SQLite, scheduler, controllers; no node agent) in a child
 * JVM, started like every other harness's ({@link ServerProcess}: ./tug's JVM options, free loopback
 * port, temporary data directory). {@code --nodes} Nodes are registered through the API with capacity and
 * allocatable (cpu 32, memory 128Gi, pods 110, or more pods when {@code --pods} needs it), a Ready=True condition and
 * addresses, each with a Lease in kube-node-lease that the harness renews every 10 s, so the node lifecycle
 * controller keeps them Ready. Pods stay Pending but bound: that is the point.
 *
 * <p><b>End to end</b>: {@code --pods} pods (one container, requests cpu 10m / memory 16Mi, no nodeName) in a
 * namespace of their own, created by {@code --writers} virtual threads as fast as the API takes them (closed loop),
 * or open-loop at {@code --rate} per second. One watch on the namespace's pods, opened before the load, stamps the
 * moment each pod's spec.nodeName first appears. Reported: binds per second from the first bind to the last, and
 * over the middle 80% of the binds (steady state); the creation rate achieved, and which of the two limited;
 * create -> bound latency; how the pods spread over the nodes; CPU of the server, the harness and other processes.
 *
 * <p><b>Binding ceiling</b> (unless {@code --no-ceiling}): on a second, fresh server the same nodes and pods, but
 * created while the scheduler is held off, then released all at once, so that binding alone is measured, with no
 * creates competing. {@code tug server} has no flag to turn the scheduler off; it runs only while its server holds
 * the Lease kube-system/tugboat-scheduler, so the harness takes that Lease over (as a second scheduler instance
 * would: holderIdentity, renewTime), renews it every 2 s while it creates the pods, and then releases it the way
 * client-go and fabric8 release a lease (holderIdentity cleared); the server's elector takes it back within its
 * retry period and starts the scheduler, whose informers find every pod pending.
 *
 * <pre>bench/run scheduling-throughput [--nodes 100] [--pods 10000] [--writers 16] [--rate 0] [--no-ceiling]
 *                                 [--no-e2e] [--jfr FILE] [--max-wait 900]</pre>
 * ({@code --jfr FILE} records the server with JFR during each measured window: FILE for end to end,
 * FILE with {@code .ceiling} before its extension for the ceiling.)
 */
public final class SchedulingThroughput {
    private static final Set<String> OPTIONS = Set.of("nodes", "pods", "writers", "rate", "no-ceiling", "no-e2e", "jfr", "max-wait");
    private static final String NS = "sched-bench";
    private static final String NODE_LEASE_NS = "kube-node-lease";
    private static final String SCHEDULER_LEASE = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/tugboat-scheduler";
    private static final String HOLDER = "scheduling-throughput-bench";
    private static final Duration NODE_LEASE_RENEW = Duration.ofSeconds(10);
    /** Give up when no pod has been bound for this long (the scheduler has stopped or stalled). */
    private static final Duration STALL = Duration.ofSeconds(60);
    /** At most this long for all binds after the creates ({@code --max-wait} seconds); the figures then cover the binds seen. */
    private static Duration maxWait = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT);
    private static final long UNSET = 0;

    private SchedulingThroughput() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int nodes = args.integer("nodes", 100);
        int pods = args.integer("pods", 10_000);
        int writers = args.integer("writers", 16);
        int rate = args.integer("rate", 0);
        Path jfr = args.has("jfr") ? Path.of(args.string("jfr", "")) : null;
        maxWait = Duration.ofSeconds(args.integer("max-wait", 900));
        if (nodes < 1 || pods < 10 || writers < 1 || rate < 0) {
            throw new IllegalArgumentException("--nodes >= 1, --pods >= 10, --writers >= 1, --rate >= 0 (0: as fast as the API takes them)");
        }
        int podsPerNode = Math.max(110, (int) Math.ceil(pods * 1.1 / nodes));
        Report.header("scheduling-throughput: pods bound through the API with simulated nodes (tug server, no agents)",
                nodes + " simulated nodes (cpu 32, memory 128Gi, pods " + podsPerNode + "; Lease renewed every "
                        + NODE_LEASE_RENEW.toSeconds() + " s), " + pods + " pods (requests cpu 10m, memory 16Mi), created by "
                        + (rate > 0 ? "open loop at " + rate + "/s, at most " + writers + " in flight" : writers + " writers, closed loop")
                        + (args.flag("no-e2e") ? "" : "; end to end") + (args.flag("no-ceiling") ? "" : "; binding ceiling (scheduler held off, then released)"));
        if (!args.flag("no-e2e")) {
            endToEnd(nodes, podsPerNode, pods, writers, rate, jfr);
        }
        if (!args.flag("no-ceiling")) {
            ceiling(nodes, podsPerNode, pods, writers, jfr == null ? null : withSuffix(jfr, ".ceiling"));
        }
    }

    // ---- end to end ---------------------------------------------------------------------------------------------

    private static void endToEnd(int nodes, int podsPerNode, int pods, int writers, int rate, Path jfr) throws Exception {
        System.out.println();
        System.out.println("== end to end: creates and binds at once");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             SimCluster cluster = SimCluster.start(threads, nodes, podsPerNode)) {
            Stamps stamps = new Stamps(pods);
            try (PodWatch watch = PodWatch.open(cluster.config, NS, cluster.listVersion(), stamps::event)) {
                CpuMeter cpu = cluster.cpuMeter();
                Profiler profiler = jfr == null ? null : Profiler.start(cluster.server.pid(), Duration.ofMinutes(20), jfr);
                if (profiler != null) {
                    Thread.sleep(2000); // jcmd's own JVM start should not fall into the measured interval
                }
                long start = System.nanoTime();
                cpu.start();
                Thread progress = stamps.progress(start);
                create(cluster, threads, stamps, pods, writers, rate);
                long createdAt = System.nanoTime();
                int boundWhenCreated = stamps.boundCount();
                boolean complete = stamps.awaitBound();
                String cpuReport = cpu.stop();
                progress.interrupt();
                if (watch.ended() != null) {
                    System.out.println("WATCH ENDED EARLY: " + watch.ended());
                }
                System.out.print(stamps.report(start, createdAt, boundWhenCreated, complete, true));
                System.out.println("cpu from the first create to the last bind: " + cpuReport);
                System.out.print(cluster.afterwards());
                if (profiler != null) {
                    System.out.println("server profile (JFR, first create to last bind) in " + jfr + ":");
                    System.out.print(profiler.stopAndSummarise(25));
                }
            }
            System.out.print(Report.problems(cluster.server.log(), 10));
        }
    }

    // ---- binding alone ------------------------------------------------------------------------------------------

    private static void ceiling(int nodes, int podsPerNode, int pods, int writers, Path jfr) throws Exception {
        System.out.println();
        System.out.println("== binding ceiling: all pods created while the scheduler is held off, then released");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             SimCluster cluster = SimCluster.start(threads, nodes, podsPerNode)) {
            ScheduledExecutorService holder = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lease-holder").factory());
            try {
                cluster.holdScheduler(holder);
                Stamps stamps = new Stamps(pods);
                try (PodWatch watch = PodWatch.open(cluster.config, NS, cluster.listVersion(), stamps::event)) {
                    long createStart = System.nanoTime();
                    create(cluster, threads, stamps, pods, writers, 0);
                    double createSeconds = (System.nanoTime() - createStart) / 1e9;
                    if (!stamps.awaitAdded(Duration.ofSeconds(60))) {
                        System.out.println("WARNING: only " + stamps.addedCount() + " of " + pods + " pods seen on the watch");
                    }
                    Thread.sleep(3000); // would a scheduler still bind, it would have by now
                    int early = stamps.boundCount();
                    System.out.printf(Locale.ROOT, "held: %d pods created in %.1f s (%.0f/s) with the scheduler held off; %d bound meanwhile%s%n",
                            pods - stamps.createFailures(), createSeconds, pods / createSeconds, early,
                            early == 0 ? "" : " (NOT held off: the ceiling figures below are mixed with creation)");
                    stamps.resetBinds();
                    CpuMeter cpu = cluster.cpuMeter();
                    Profiler profiler = jfr == null ? null : Profiler.start(cluster.server.pid(), Duration.ofMinutes(20), jfr);
                    if (profiler != null) {
                        Thread.sleep(2000);
                    }
                    holder.shutdownNow();
                    holder.awaitTermination(10, TimeUnit.SECONDS);
                    long released = System.nanoTime();
                    cpu.start();
                    cluster.releaseScheduler();
                    Thread progress = stamps.progress(released);
                    boolean complete = stamps.awaitBound();
                    String cpuReport = cpu.stop();
                    progress.interrupt();
                    if (watch.ended() != null) {
                        System.out.println("WATCH ENDED EARLY: " + watch.ended());
                    }
                    System.out.printf(Locale.ROOT, "released the scheduler Lease; first bind %.2f s later (the elector's retry period, "
                            + "then the scheduler's informers list every pod)%n", (stamps.firstBind() - released) / 1e9);
                    System.out.print(stamps.report(released, released, 0, complete, false));
                    System.out.println("cpu from the release to the last bind: " + cpuReport);
                    System.out.print(cluster.afterwards());
                    if (profiler != null) {
                        System.out.println("server profile (JFR, release to last bind) in " + jfr + ":");
                        System.out.print(profiler.stopAndSummarise(25));
                    }
                }
            } finally {
                holder.shutdownNow();
            }
            System.out.print(Report.problems(cluster.server.log(), 10));
        }
    }

    // ---- load -----------------------------------------------------------------------------------------------------

    /** Creates {@code pods} pods: {@code writers} closed-loop virtual threads, or open loop at {@code rate} with at most {@code writers} in flight. */
    private static void create(SimCluster cluster, ExecutorService threads, Stamps stamps, int pods, int writers, int rate)
            throws InterruptedException {
        String collection = "/api/v1/namespaces/" + NS + "/pods";
        if (rate == 0) {
            AtomicInteger next = new AtomicInteger();
            List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                loops.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < pods; i = next.getAndIncrement()) {
                        createOne(cluster, collection, stamps, i);
                    }
                }));
            }
            for (var loop : loops) {
                try {
                    loop.get(maxWait.toSeconds(), TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("a writer failed: " + e, e);
                }
            }
            return;
        }
        Semaphore inFlight = new Semaphore(writers);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int n = 0; n < pods; n++) {
            int i = n;
            long intended = start + i * period;
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            stamps.intended.set(i, intended);
            threads.submit(() -> {
                inFlight.acquireUninterruptibly();
                try {
                    createOne(cluster, collection, stamps, i);
                } finally {
                    inFlight.release();
                }
            });
        }
        if (!inFlight.tryAcquire(writers, maxWait.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("creates did not finish");
        }
        inFlight.release(writers);
    }

    private static void createOne(SimCluster cluster, String collection, Stamps stamps, int i) {
        long t = System.nanoTime();
        stamps.sent.set(i, t);
        if (stamps.intended.get(i) == UNSET) {
            stamps.intended.set(i, t);
        }
        try {
            HttpResponse<String> r = cluster.api.send("POST", collection, pod(stamps.names[i]));
            stamps.acked.set(i, System.nanoTime());
            if (r.statusCode() != 201) {
                stamps.fail("create " + r.statusCode() + ": " + brief(r.body()));
            }
        } catch (RuntimeException e) {
            stamps.acked.set(i, System.nanoTime());
            stamps.fail("create: " + e.getMessage());
        }
    }

    private static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + NS
                + "\",\"labels\":{\"app\":\"sched-bench\"}},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1.36\","
                + "\"command\":[\"sleep\",\"3600\"],\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}";
    }

    // ---- what the watch saw ---------------------------------------------------------------------------------------

    /** Per pod: when its create was due, sent and answered, when it appeared on the watch and when it was first seen bound, and where. */
    private static final class Stamps {
        final String[] names;
        final Map<String, Integer> index = new ConcurrentHashMap<>();
        final AtomicLongArray intended;
        final AtomicLongArray sent;
        final AtomicLongArray acked;
        final AtomicLongArray added;
        final AtomicLongArray bound;
        final AtomicReferenceArray<String> node;
        final AtomicInteger addedCount = new AtomicInteger();
        final AtomicInteger boundCount = new AtomicInteger();
        final AtomicLong lastBind = new AtomicLong();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        final AtomicInteger failed = new AtomicInteger();
        final Object lock = new Object();

        Stamps(int pods) {
            names = new String[pods];
            for (int i = 0; i < pods; i++) {
                names[i] = String.format(Locale.ROOT, "pod-%05d", i);
                index.put(names[i], i);
            }
            intended = new AtomicLongArray(pods);
            sent = new AtomicLongArray(pods);
            acked = new AtomicLongArray(pods);
            added = new AtomicLongArray(pods);
            bound = new AtomicLongArray(pods);
            node = new AtomicReferenceArray<>(pods);
        }

        void event(String type, JsonNode pod, long now) {
            Integer i = index.get(pod.path("metadata").path("name").asText());
            if (i == null || type.equals("DELETED")) {
                return;
            }
            if (added.get(i) == UNSET) {
                added.set(i, now);
                addedCount.incrementAndGet();
            }
            String nodeName = pod.path("spec").path("nodeName").asText("");
            if (!nodeName.isEmpty() && bound.get(i) == UNSET) {
                bound.set(i, now);
                node.set(i, nodeName);
                lastBind.set(now);
                boundCount.incrementAndGet();
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }

        void fail(String what) {
            failures.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
            failed.incrementAndGet();
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        int createFailures() {
            return failed.get();
        }

        int boundCount() {
            return boundCount.get();
        }

        int addedCount() {
            return addedCount.get();
        }

        long firstBind() {
            long first = Long.MAX_VALUE;
            for (int i = 0; i < names.length; i++) {
                if (bound.get(i) != UNSET) {
                    first = Math.min(first, bound.get(i));
                }
            }
            return first;
        }

        /** Forgets the binds seen so far (the ceiling measures only those after the release). */
        void resetBinds() {
            for (int i = 0; i < names.length; i++) {
                bound.set(i, UNSET);
                node.set(i, null);
            }
            boundCount.set(0);
        }

        boolean awaitAdded(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (addedCount.get() + failed.get() < names.length && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return addedCount.get() + failed.get() >= names.length;
        }

        /** Waits until every created pod is bound, or nothing was bound for {@link #STALL}, or {@code --max-wait}. */
        boolean awaitBound() throws InterruptedException {
            long deadline = System.nanoTime() + maxWait.toNanos();
            long progressAt = System.nanoTime();
            int seen = -1;
            synchronized (lock) {
                while (boundCount.get() + failed.get() < names.length) {
                    long now = System.nanoTime();
                    if (boundCount.get() != seen) {
                        seen = boundCount.get();
                        progressAt = now;
                    }
                    if (now > deadline || now - progressAt > STALL.toNanos()) {
                        return false;
                    }
                    lock.wait(200);
                }
            }
            return true;
        }

        /** Prints created/bound counts every 5 s (how the backlog moves), until interrupted. */
        Thread progress(long start) {
            return Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Thread.sleep(5000);
                        int created = 0;
                        for (int i = 0; i < names.length; i++) {
                            if (acked.get(i) != UNSET) {
                                created++;
                            }
                        }
                        System.out.printf(Locale.ROOT, "  +%5.1f s: %6d created, %6d bound%n", (System.nanoTime() - start) / 1e9, created, boundCount.get());
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
        }

        String report(long start, long createdAt, int boundWhenCreated, boolean complete, boolean withCreates) {
            StringBuilder b = new StringBuilder();
            int n = names.length;
            long[] binds = new long[boundCount.get()];
            int k = 0;
            Latencies createToBound = new Latencies(n);
            Latencies addedToBound = new Latencies(n);
            Latencies createToAck = new Latencies(n);
            long firstSent = Long.MAX_VALUE;
            long lastAck = Long.MIN_VALUE;
            Map<String, Integer> perNode = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                if (sent.get(i) != UNSET) {
                    firstSent = Math.min(firstSent, sent.get(i));
                    lastAck = Math.max(lastAck, acked.get(i));
                    createToAck.record(acked.get(i) - intended.get(i));
                }
                if (bound.get(i) == UNSET) {
                    continue;
                }
                if (k < binds.length) {
                    binds[k++] = bound.get(i);
                }
                createToBound.record(bound.get(i) - intended.get(i));
                if (added.get(i) != UNSET) {
                    addedToBound.record(bound.get(i) - added.get(i));
                }
                perNode.merge(node.get(i), 1, Integer::sum);
            }
            binds = Arrays.copyOf(binds, k);
            Arrays.sort(binds);
            int created = n - failed.get();
            double createRate = withCreates ? (created - 1) / ((lastAck - firstSent) / 1e9) : 0;
            if (withCreates) {
                b.append(String.format(Locale.ROOT, "created: %d of %d (%d failed) in %.2f s: %.0f pods/s (first send to last 201)%n",
                        created, n, failed.get(), (lastAck - firstSent) / 1e9, createRate));
                b.append("  create -> 201 (ms):       ").append(createToAck.summary().line()).append('\n');
            }
            b.append(String.format(Locale.ROOT, "bound:   %d of %d%s%n", k, created,
                    complete ? "" : " (INCOMPLETE: gave up after " + STALL.toSeconds() + " s without a bind or after --max-wait " + maxWait.toSeconds() + " s)"));
            if (k < 10) {
                return b.toString();
            }
            double all = (k - 1) / ((binds[k - 1] - binds[0]) / 1e9);
            int lo = k / 10;
            int hi = k - 1 - k / 10;
            double steady = (hi - lo) / ((binds[hi] - binds[lo]) / 1e9);
            b.append(String.format(Locale.ROOT, "  BIND RATE: %.0f pods/s from the first bind to the last (%.2f s); steady state (middle 80%% of the binds): %.0f pods/s%n",
                    all, (binds[k - 1] - binds[0]) / 1e9, steady));
            // binds per second, relative to the start
            int seconds = (int) ((binds[k - 1] - start) / 1_000_000_000L) + 1;
            int[] perSecond = new int[seconds];
            for (long t : binds) {
                perSecond[(int) ((t - start) / 1_000_000_000L)]++;
            }
            StringBuilder timeline = new StringBuilder();
            for (int c : perSecond) {
                timeline.append(c).append(' ');
            }
            b.append("  binds in each second from the start: ").append(timeline.toString().strip()).append('\n');
            if (withCreates) {
                double tail = (binds[k - 1] - createdAt) / 1e9;
                b.append(String.format(Locale.ROOT, "  when the last create was answered %d pods were bound, %d waiting; the last bind came %.2f s later%n",
                        boundWhenCreated, created - boundWhenCreated, tail));
                String verdict = steady < 0.9 * createRate || created - boundWhenCreated > Math.max(100, created / 20)
                        ? String.format(Locale.ROOT, "the SCHEDULER (binding): pods arrived at %.0f/s, were bound at %.0f/s, and a backlog built up", createRate, steady)
                        : String.format(Locale.ROOT, "CREATION: binds kept pace with arrivals (%.0f/s created, %.0f/s bound); the scheduler may bind faster than this",
                                createRate, steady);
                b.append("  bottleneck: ").append(verdict).append('\n');
                b.append("  create -> bound (ms):      ").append(createToBound.summary().line()).append('\n');
            }
            b.append("  ADDED on the watch -> bound (ms): ").append(addedToBound.summary().line()).append('\n');
            int[] counts = perNode.values().stream().mapToInt(Integer::intValue).sorted().toArray();
            double mean = Arrays.stream(counts).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(counts).mapToDouble(c -> (c - mean) * (c - mean)).average().orElse(0));
            b.append(String.format(Locale.ROOT, "  spread: %d nodes used; pods per node min %d, median %d, max %d, mean %.1f, stddev %.1f%n",
                    counts.length, counts.length == 0 ? 0 : counts[0], counts.length == 0 ? 0 : counts[counts.length / 2],
                    counts.length == 0 ? 0 : counts[counts.length - 1], mean, sd));
            if (!failures.isEmpty()) {
                Map<String, Integer> m = new TreeMap<>();
                failures.forEach((key, v) -> m.put(key, v.get()));
                b.append("FAILURES: ").append(m).append('\n');
            }
            return b.toString();
        }
    }

    // ---- the simulated cluster ------------------------------------------------------------------------------------

    /** A tug server with simulated nodes whose Leases the harness renews. */
    private static final class SimCluster implements AutoCloseable {
        final ServerProcess server;
        final Kubeconfig config;
        final Api api;
        final int nodes;
        final ScheduledExecutorService renewer;
        final ExecutorService threads;
        final AtomicInteger renewals = new AtomicInteger();
        final Map<String, AtomicInteger> renewFailures = new ConcurrentHashMap<>();

        private SimCluster(ServerProcess server, ExecutorService threads, int nodes) {
            this.server = server;
            this.threads = threads;
            this.nodes = nodes;
            this.config = Kubeconfig.read(server.kubeconfig());
            this.api = new Api(config, config.httpClient(threads));
            this.renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("node-leases").factory());
        }

        static SimCluster start(ExecutorService threads, int nodes, int podsPerNode) throws InterruptedException {
            long t0 = System.nanoTime();
            ServerProcess server = ServerProcess.start(List.of("server"));
            SimCluster cluster = null;
            try {
                cluster = new SimCluster(server, threads, nodes);
                System.out.printf(Locale.ROOT, "server:  tug server (SQLite, scheduler, controllers, no agent) at https://127.0.0.1:%d, pid %d "
                        + "(%s), up in %.1f s%n", server.port(), server.pid(), ServerJvm.describe(), (System.nanoTime() - t0) / 1e9);
                cluster.api.ensureNamespace(NS);
                cluster.register(podsPerNode);
                return cluster;
            } catch (RuntimeException | Error | InterruptedException e) {
                if (cluster != null) {
                    cluster.close();
                } else {
                    server.close();
                }
                throw e;
            }
        }

        static String nodeName(int i) {
            return String.format(Locale.ROOT, "sim-node-%03d", i);
        }

        private static String now() {
            return ZonedDateTime.now(ZoneOffset.UTC).format(MICRO_TIME);
        }

        /** Registers the nodes (create, then their status), their Leases, and starts renewing the Leases every 10 s. */
        void register(int podsPerNode) throws InterruptedException {
            long t0 = System.nanoTime();
            Semaphore limit = new Semaphore(8);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                int i = n;
                limit.acquire();
                done.add(threads.submit(() -> {
                    try {
                        registerOne(i, podsPerNode);
                    } finally {
                        limit.release();
                    }
                }));
            }
            for (var f : done) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("registering nodes failed: " + e.getCause(), e);
                }
            }
            // renew each lease every 10 s, spread evenly over the period
            long spacing = NODE_LEASE_RENEW.toNanos() / nodes;
            for (int n = 0; n < nodes; n++) {
                String name = nodeName(n);
                renewer.scheduleAtFixedRate(() -> threads.submit(() -> renew(name)),
                        NODE_LEASE_RENEW.toNanos() + n * spacing, NODE_LEASE_RENEW.toNanos(), TimeUnit.NANOSECONDS);
            }
            System.out.printf(Locale.ROOT, "nodes:   %d registered (Node, status, Lease) in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);
        }

        private void registerOne(int i, int podsPerNode) {
            String name = nodeName(i);
            String ip = "10.200." + (i / 250) + "." + (i % 250 + 1);
            String labels = "{\"kubernetes.io/hostname\":\"" + name + "\",\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\","
                    + "\"topology.kubernetes.io/zone\":\"zone-" + (char) ('a' + i % 3) + "\"}";
            String resources = "{\"cpu\":\"32\",\"memory\":\"128Gi\",\"pods\":\"" + podsPerNode + "\"}";
            String now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_INSTANT);
            String status = "{\"capacity\":" + resources + ",\"allocatable\":" + resources
                    + ",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\",\"message\":\"simulated node (bench)\","
                    + "\"lastHeartbeatTime\":\"" + now + "\",\"lastTransitionTime\":\"" + now + "\"}],"
                    + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"" + ip + "\"},{\"type\":\"Hostname\",\"address\":\"" + name + "\"}],"
                    + "\"nodeInfo\":{\"machineID\":\"\",\"systemUUID\":\"\",\"bootID\":\"\",\"kernelVersion\":\"\",\"osImage\":\"simulated\","
                    + "\"containerRuntimeVersion\":\"none\",\"kubeletVersion\":\"v1.32.0\",\"kubeProxyVersion\":\"\",\"operatingSystem\":\"linux\","
                    + "\"architecture\":\"amd64\"}}";
            HttpResponse<String> r = api.send("POST", "/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
                    + name + "\",\"labels\":" + labels + "},\"spec\":{},\"status\":" + status + "}");
            expect(r, 201, "create node " + name);
            // a create may drop the status (kube's does for some kinds); write it through the status subresource as an agent does
            r = send("PATCH", "/api/v1/nodes/" + name + "/status", "application/merge-patch+json", "{\"status\":" + status + "}");
            expect(r, 200, "status of node " + name);
            r = api.send("POST", "/apis/coordination.k8s.io/v1/namespaces/" + NODE_LEASE_NS + "/leases",
                    "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                            + NODE_LEASE_NS + "\"},\"spec\":{\"holderIdentity\":\"" + name + "\",\"leaseDurationSeconds\":40,\"renewTime\":\""
                            + now() + "\"}}");
            expect(r, 201, "lease of node " + name);
        }

        private void renew(String name) {
            try {
                HttpResponse<String> r = send("PATCH", "/apis/coordination.k8s.io/v1/namespaces/" + NODE_LEASE_NS + "/leases/" + name,
                        "application/merge-patch+json", "{\"spec\":{\"renewTime\":\"" + now() + "\"}}");
                if (r.statusCode() == 200) {
                    renewals.incrementAndGet();
                } else {
                    renewFailures.computeIfAbsent("renew " + r.statusCode() + ": " + brief(r.body()), k -> new AtomicInteger()).incrementAndGet();
                }
            } catch (RuntimeException e) {
                renewFailures.computeIfAbsent("renew: " + e.getMessage(), k -> new AtomicInteger()).incrementAndGet();
            }
        }

        HttpResponse<String> send(String method, String path, String contentType, String body) {
            HttpRequest request = HttpRequest.newBuilder(config.uri(path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + config.token()).header("Accept", "application/json")
                    .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                return api.http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        String listVersion() {
            HttpResponse<String> r = api.send("GET", "/api/v1/namespaces/" + NS + "/pods?limit=1", null);
            expect(r, 200, "list pods");
            return json(r.body()).path("metadata").path("resourceVersion").asText();
        }

        CpuMeter cpuMeter() {
            return new CpuMeter().add("server", server.pid()).add("bench", ProcessHandle.current().pid());
        }

        /**
         * Takes the scheduler's Lease over as another candidate would, once the server holds it, and renews it every
         * 2 s until {@code holder} is shut down; returns when the server's log says its scheduler stopped.
         */
        void holdScheduler(ScheduledExecutorService holder) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode lease = null;
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = api.send("GET", SCHEDULER_LEASE, null);
                if (r.statusCode() == 200) {
                    lease = json(r.body());
                    if (!lease.path("spec").path("holderIdentity").asText("").isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(200);
            }
            if (lease == null) {
                throw new IllegalStateException("the server never took the scheduler Lease (kube-system/tugboat-scheduler)");
            }
            String serverHolder = lease.path("spec").path("holderIdentity").asText();
            int transitions = lease.path("spec").path("leaseTransitions").asInt(0);
            String now = now();
            HttpResponse<String> r = send("PATCH", SCHEDULER_LEASE, "application/merge-patch+json",
                    "{\"spec\":{\"holderIdentity\":\"" + HOLDER + "\",\"leaseDurationSeconds\":15,\"acquireTime\":\"" + now
                            + "\",\"renewTime\":\"" + now + "\",\"leaseTransitions\":" + (transitions + 1) + "}}");
            expect(r, 200, "take the scheduler Lease");
            holder.scheduleAtFixedRate(() -> {
                try {
                    send("PATCH", SCHEDULER_LEASE, "application/merge-patch+json", "{\"spec\":{\"renewTime\":\"" + now() + "\"}}");
                } catch (RuntimeException e) {
                    System.out.println("WARNING: renewing the scheduler Lease failed: " + e.getMessage());
                }
            }, 2, 2, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            while (!server.log().contains("lost the tugboat-scheduler lease")) {
                if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                    throw new IllegalStateException("the server's scheduler did not stop within 30 s of losing its Lease");
                }
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "held:    the scheduler Lease taken from %s; its scheduler stopped %.1f s later%n",
                    serverHolder, (System.nanoTime() - t0) / 1e9);
        }

        /** Releases the scheduler Lease as client-go and fabric8 release one: no holder. */
        void releaseScheduler() {
            HttpResponse<String> r = send("PATCH", SCHEDULER_LEASE, "application/merge-patch+json",
                    "{\"spec\":{\"holderIdentity\":null,\"leaseDurationSeconds\":1,\"renewTime\":\"" + now() + "\"}}");
            expect(r, 200, "release the scheduler Lease");
        }

        /** The nodes' state after the run, the lease renewals and the Scheduled events, for the report. */
        String afterwards() {
            StringBuilder b = new StringBuilder();
            HttpResponse<String> r = api.send("GET", "/api/v1/nodes", null);
            int ready = 0;
            int tainted = 0;
            for (JsonNode n : json(r.body()).path("items")) {
                if (!n.path("metadata").path("name").asText().startsWith("sim-node-")) {
                    continue;
                }
                for (JsonNode c : n.path("status").path("conditions")) {
                    if (c.path("type").asText().equals("Ready") && c.path("status").asText().equals("True")) {
                        ready++;
                    }
                }
                if (n.path("spec").path("taints").size() > 0) {
                    tainted++;
                }
            }
            b.append(String.format(Locale.ROOT, "nodes afterwards: %d of %d Ready=True, %d with taints; node Lease renewals %d OK%s%n",
                    ready, nodes, tainted, renewals.get(), renewFailures.isEmpty() ? "" : ", FAILED: " + new TreeMap<>(renewFailures)));
            r = api.send("GET", "/api/v1/namespaces/" + NS + "/events", null);
            if (r.statusCode() == 200) {
                int scheduled = 0;
                for (JsonNode e : json(r.body()).path("items")) {
                    if (e.path("reason").asText().equals("Scheduled")) {
                        scheduled++;
                    }
                }
                b.append("Scheduled events in the namespace: ").append(scheduled).append('\n');
            }
            return b.toString();
        }

        @Override
        public void close() {
            renewer.shutdownNow();
            server.close();
        }
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + brief(r.body()));
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + brief(body), e);
        }
    }

    private static String brief(String body) {
        String b = body.replaceAll("\\s+", " ");
        int at = b.indexOf("\"message\":");
        if (at >= 0) {
            b = b.substring(at);
        }
        return b.length() > 200 ? b.substring(0, 200) : b;
    }

    private static Path withSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        return file.resolveSibling(renamed);
    }
}
