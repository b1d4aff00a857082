package io.tugboat.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Node agent target 1: pod startup, create -> Running, process runtime, one node. A real {@code tug up} with its
 * agent (as root every pod gets a network namespace on the node's bridge, cgroups and a UTS namespace). Open
 * loop: pod {@code i} is created at its fixed time, {@code --rate} per second, on a virtual thread of its own,
 * each {@code sleep 3600} with an image that is only recorded, bound to the node by {@code spec.nodeName} (the
 * agent alone; {@code --scheduled} leaves nodeName out so that the scheduler binds it). One watch on the
 * namespace's pods, opened before the load, stamps every event on receipt; a pod's startup is the time from the
 * send of its create to the watch event in which status.phase first reads Running.
 *
 * <p>The node has room for 110 pods and 253 pod IPs, fewer than 20/s x 40 s, so by default each pod is deleted
 * {@code --lifetime} seconds after it runs (about rate x lifetime pods live at once, and the agent stops pods
 * while it starts others: churn); {@code --lifetime 0} keeps them all (then at most 240 pods per run). The first
 * {@code --warmup} seconds of pods are not measured (the JIT of the server and the agent is cold).
 *
 * <pre>bench/run pod-startup [--rate 20] [--duration 30] [--warmup 10] [--lifetime 4] [--scheduled] [--jfr FILE] [--log FILE]</pre>
 * ({@code --log} keeps a copy of the tug up log.)
 */
public final class PodStartup {
    private static final Set<String> OPTIONS = Set.of("rate", "duration", "warmup", "lifetime", "scheduled", "jfr", "log");
    private static final long UNSET = 0;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int rate = args.integer("rate", 20);
        int duration = args.integer("duration", 30);
        int warmup = args.integer("warmup", 10);
        int lifetime = args.integer("lifetime", 4);
        boolean scheduled = args.flag("scheduled");
        Path jfr = args.has("jfr") ? Path.of(args.string("jfr", "")) : null;
        int warmupPods = warmup * rate;
        int total = warmupPods + duration * rate;
        if (lifetime == 0 && total > 240) {
            throw new IllegalArgumentException("--lifetime 0 keeps every pod: at most 240 per run (the node's /24), not " + total);
        }
        Report.header("pod-startup: create -> Running through a real tug up and its agent (process runtime)",
                rate + " pods/s open loop, " + warmup + " s unmeasured then " + duration + " s measured (" + total + " pods), "
                        + (scheduled ? "unbound (the scheduler binds them)" : "spec.nodeName set (the agent alone)")
                        + ", each 'sleep 3600', " + (lifetime > 0 ? "deleted " + lifetime + " s after it runs" : "kept until the end"));
        if (ProcessHandle.current().info().user().map(u -> !u.equals("root")).orElse(true)) {
            System.out.println("WARNING: not root: pods share the host network, no cgroups; not the target's configuration");
        }

        NodeCluster cluster = NodeCluster.up(ServerJvm.options(), List.of());
        String cleanup;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long tugPid = cluster.server().pid();
            System.out.println("cluster: tug up (SQLite) at " + cluster.describe() + ", pid " + tugPid
                    + " (" + ServerJvm.describe() + ")");
            Kubeconfig config = Kubeconfig.read(cluster.kubeconfig());
            HttpClient http = config.httpClient(threads);
            Api api = new Api(config, http);
            api.ensureNamespace(NodeCluster.NS);

            String[] names = new String[total];
            Map<String, Integer> index = new ConcurrentHashMap<>();
            for (int i = 0; i < total; i++) {
                names[i] = String.format(Locale.ROOT, "pod-%05d", i);
                index.put(names[i], i);
            }
            AtomicLongArray sent = new AtomicLongArray(total);
            AtomicLongArray acked = new AtomicLongArray(total);
            AtomicLongArray added = new AtomicLongArray(total);
            AtomicLongArray bound = new AtomicLongArray(total);
            AtomicLongArray running = new AtomicLongArray(total);
            java.util.concurrent.atomic.AtomicReferenceArray<String> uids = new java.util.concurrent.atomic.AtomicReferenceArray<>(total);
            long wall0 = System.currentTimeMillis();
            long nano0 = System.nanoTime();
            CountDownLatch allRunning = new CountDownLatch(total);
            Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
            AtomicInteger live = new AtomicInteger();
            AtomicInteger maxLive = new AtomicInteger();
            ScheduledExecutorService deleter = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
            String nodeName = scheduled ? null : NodeCluster.NODE;

            PodWatch.Listener listener = (type, pod, now) -> {
                Integer i = index.get(pod.path("metadata").path("name").asText());
                if (i == null) {
                    return;
                }
                if (type.equals("DELETED")) {
                    live.decrementAndGet();
                    return;
                }
                if (added.get(i) == UNSET) {
                    added.set(i, now);
                    uids.set(i, pod.path("metadata").path("uid").asText().replace("-", ""));
                    maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
                }
                if (bound.get(i) == UNSET && !pod.path("spec").path("nodeName").asText("").isEmpty()) {
                    bound.set(i, now);
                }
                String phase = pod.path("status").path("phase").asText("");
                if (running.get(i) == UNSET && phase.equals("Running")) {
                    running.set(i, now);
                    allRunning.countDown();
                    if (lifetime > 0) {
                        deleter.schedule(() -> threads.submit(() -> delete(api, names[i], failures)), lifetime, TimeUnit.SECONDS);
                    }
                } else if (phase.equals("Failed") || phase.equals("Succeeded")) {
                    failures.computeIfAbsent("pod " + phase + ": " + pod.path("status").path("reason").asText("")
                            + " " + pod.path("status").path("message").asText(""), k -> new AtomicInteger()).incrementAndGet();
                }
            };

            CpuMeter cpu = new CpuMeter().add("tug up (server+agent)", tugPid).add("bench", ProcessHandle.current().pid());
            long[] childrenBefore = new long[1];
            AtomicLong maxLag = new AtomicLong();
            Profiler profiler = null;
            String cpuReport;
            long measuredStart;
            long sendEnd;
            boolean complete;
            try (PodWatch watch = PodWatch.open(config, NodeCluster.listVersion(api), listener)) {
                long period = 1_000_000_000L / rate;
                long start = System.nanoTime();
                measuredStart = start + warmupPods * period;
                for (int n = 0; n < total; n++) {
                    int i = n;
                    long intended = start + i * period;
                    if (i == warmupPods) {
                        if (jfr != null) {
                            profiler = Profiler.start(tugPid, Duration.ofSeconds(duration + 40L), jfr);
                        }
                        childrenBefore[0] = childrenTicks(tugPid);
                        cpu.start();
                    }
                    long now;
                    while ((now = System.nanoTime()) < intended) {
                        LockSupport.parkNanos(intended - now);
                    }
                    threads.submit(() -> {
                        long t = System.nanoTime();
                        maxLag.accumulateAndGet(t - intended, Math::max);
                        sent.set(i, t);
                        try {
                            HttpResponse<String> r = api.send("POST", "/api/v1/namespaces/" + NodeCluster.NS + "/pods",
                                    NodeCluster.pod(names[i], nodeName, false, 0));
                            acked.set(i, System.nanoTime());
                            if (r.statusCode() != 201) {
                                failures.computeIfAbsent("create " + r.statusCode() + ": " + brief(r.body()), k -> new AtomicInteger())
                                        .incrementAndGet();
                                allRunning.countDown();
                            }
                        } catch (RuntimeException e) {
                            failures.computeIfAbsent("create: " + e.getMessage(), k -> new AtomicInteger()).incrementAndGet();
                            allRunning.countDown();
                        }
                    });
                }
                sendEnd = System.nanoTime();
                complete = allRunning.await(60, TimeUnit.SECONDS);
                cpuReport = cpu.stop();
                long childTicks = childrenTicks(tugPid) - childrenBefore[0];
                double seconds = (System.nanoTime() - measuredStart) / 1e9;
                cpuReport += String.format(Locale.ROOT, "; processes tug started and reaped (CNI plugins, ip, shims): %.2f cores",
                        childTicks / 100.0 / seconds);
                if (watch.ended() != null) {
                    System.out.println("WATCH ENDED EARLY: " + watch.ended());
                }
            }
            deleter.shutdownNow();

            // ---- figures ---------------------------------------------------------------------------------
            int measured = total - warmupPods;
            Latencies startup = new Latencies(measured);
            Latencies toAck = new Latencies(measured);
            Latencies toAdded = new Latencies(measured);
            Latencies addedToBound = new Latencies(measured);
            Latencies boundToRunning = new Latencies(measured);
            int notRunning = 0;
            long firstSent = Long.MAX_VALUE;
            long lastSent = Long.MIN_VALUE;
            Map<Integer, Long> perSecondMax = new TreeMap<>();
            List<String> slowest = new ArrayList<>();
            for (int i = warmupPods; i < total; i++) {
                long s = sent.get(i);
                firstSent = Math.min(firstSent, s);
                lastSent = Math.max(lastSent, s);
                if (acked.get(i) != UNSET) {
                    toAck.record(acked.get(i) - s);
                }
                if (added.get(i) != UNSET) {
                    toAdded.record(added.get(i) - s);
                }
                if (scheduled && bound.get(i) != UNSET && added.get(i) != UNSET) {
                    addedToBound.record(bound.get(i) - added.get(i));
                }
                if (running.get(i) == UNSET) {
                    notRunning++;
                    continue;
                }
                long latency = running.get(i) - s;
                startup.record(latency);
                long from = bound.get(i) != UNSET ? bound.get(i) : added.get(i);
                if (from != UNSET) {
                    boundToRunning.record(running.get(i) - from);
                }
                perSecondMax.merge((int) ((s - measuredStart) / 1_000_000_000L), latency, Math::max);
            }
            Latencies.Summary summary = startup.summary();
            long p99 = summary.percentile(99);
            for (int i = warmupPods; i < total; i++) {
                if (running.get(i) != UNSET && running.get(i) - sent.get(i) >= p99) {
                    slowest.add(String.format(Locale.ROOT, "%s at +%.2f s: %s ms (ack %s, added %s, bound %s)", names[i],
                            (sent.get(i) - measuredStart) / 1e9, Latencies.ms(running.get(i) - sent.get(i)),
                            Latencies.ms(acked.get(i) - sent.get(i)), Latencies.ms(added.get(i) - sent.get(i)),
                            bound.get(i) == UNSET ? "-" : Latencies.ms(bound.get(i) - sent.get(i))));
                }
            }
            System.out.printf(Locale.ROOT, "pods:    %d measured, created at %.2f/s (offered %d/s; max send lag %s ms), %d Running, %d not Running after 60 s; "
                            + "at most %d pods in the API at once; %d unmeasured before%n", measured,
                    (measured - 1) / ((lastSent - firstSent) / 1e9), rate, Latencies.ms(maxLag.get()), measured - notRunning, notRunning,
                    maxLive.get(), warmupPods);
            System.out.println("create -> Running (ms): " + summary.line());
            System.out.println("  create -> 201 (ms):              " + toAck.summary().line());
            System.out.println("  create -> ADDED on the watch (ms): " + toAdded.summary().line());
            if (scheduled) {
                System.out.println("  ADDED -> bound (scheduler) (ms):   " + addedToBound.summary().line());
            }
            System.out.println("  " + (scheduled ? "bound" : "ADDED") + " -> Running (agent) (ms):  " + boundToRunning.summary().line());
            StringBuilder timeline = new StringBuilder();
            perSecondMax.values().forEach(v -> timeline.append(String.format(Locale.ROOT, "%.0f ", v / 1e6)));
            System.out.print(agentSteps(cluster.server().log(), warmupPods, total, uids, sent, running, wall0, nano0));
            System.out.println("  max create -> Running of the pods created in each measured second (ms): " + timeline.toString().strip());
            System.out.println("  slowest 1% (create -> Running >= p99): " + slowest.stream().limit(10).toList());
            System.out.println("cpu during the measured interval: " + cpuReport);
            if (!failures.isEmpty()) {
                System.out.println("FAILURES: " + new TreeMap<>(toCounts(failures)));
            }
            if (profiler != null) {
                System.out.println("tug up profile (JFR) in " + jfr + ":");
                System.out.print(profiler.stopAndSummarise(25));
            }
            System.out.println("teardown: " + cluster.deletePodsAndWait(api, Duration.ofSeconds(90)));
            System.out.print(Report.problems(cluster.server().log(), 10));
            if (args.has("log")) {
                Files.writeString(Path.of(args.string("log", "")), cluster.server().log());
            }
        } finally {
            cleanup = cluster.shutdown();
        }
        System.out.println("cleanup: " + cleanup);
    }

    private static void delete(Api api, String name, Map<String, AtomicInteger> failures) {
        try {
            HttpResponse<String> r = api.send("DELETE", "/api/v1/namespaces/" + NodeCluster.NS + "/pods/" + name, null);
            if (r.statusCode() != 200 && r.statusCode() != 202) {
                failures.computeIfAbsent("delete " + r.statusCode() + ": " + brief(r.body()), k -> new AtomicInteger()).incrementAndGet();
            }
        } catch (RuntimeException e) {
            failures.computeIfAbsent("delete: " + e.getMessage(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * The agent's steps per pod from its INFO lines (millisecond wall-clock stamps): create sent -> "sandbox UID
     * created" (API, informer, work queue, cgroup, netns, CNI) -> "container UID12-0-main started" (volumes, FIFOs,
     * the shim) -> Running received (status patch, watch).
     */
    static String agentSteps(String log, int from, int to, java.util.concurrent.atomic.AtomicReferenceArray<String> uids,
                             AtomicLongArray sent, AtomicLongArray running, long wall0, long nano0) {
        java.util.regex.Pattern sandbox = java.util.regex.Pattern.compile(
                "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) INFO  ProcessRuntime: sandbox ([0-9a-f]{32}) created");
        java.util.regex.Pattern container = java.util.regex.Pattern.compile(
                "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) INFO  ProcessRuntime: container ([0-9a-f]{12})-0-main \\(main\\) started");
        Map<String, Long> sandboxAt = new java.util.HashMap<>();
        Map<String, Long> containerAt = new java.util.HashMap<>();
        java.time.LocalDate day = java.time.LocalDate.now();
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        for (String line : log.lines().toList()) {
            java.util.regex.Matcher m = sandbox.matcher(line);
            java.util.regex.Matcher c = container.matcher(line);
            if (m.find()) {
                sandboxAt.putIfAbsent(m.group(2), java.time.LocalTime.parse(m.group(1)).atDate(day).atZone(zone).toInstant().toEpochMilli());
            } else if (c.find()) {
                containerAt.putIfAbsent(c.group(2), java.time.LocalTime.parse(c.group(1)).atDate(day).atZone(zone).toInstant().toEpochMilli());
            }
        }
        Latencies toSandbox = new Latencies(to - from);
        Latencies toContainer = new Latencies(to - from);
        Latencies toRunning = new Latencies(to - from);
        for (int i = from; i < to; i++) {
            String uid = uids.get(i);
            if (uid == null || running.get(i) == UNSET || !sandboxAt.containsKey(uid) || !containerAt.containsKey(uid.substring(0, 12))) {
                continue;
            }
            double sentWall = wall0 + (sent.get(i) - nano0) / 1e6;
            double runningWall = wall0 + (running.get(i) - nano0) / 1e6;
            long sb = sandboxAt.get(uid);
            long ct = containerAt.get(uid.substring(0, 12));
            toSandbox.record((long) ((sb - sentWall) * 1e6));
            toContainer.record((ct - sb) * 1_000_000L);
            toRunning.record((long) ((runningWall - ct) * 1e6));
        }
        return "  from the agent's log (1 ms stamps), per pod:\n"
                + "    create -> sandbox created (API, informer, queue, cgroup, netns, CNI) (ms): " + toSandbox.summary().line() + "\n"
                + "    sandbox -> container started (FIFOs, shim) (ms):                      " + toContainer.summary().line() + "\n"
                + "    container started -> Running on the watch (status patch, watch) (ms):  " + toRunning.summary().line() + "\n";
    }

    /** CPU ticks of the reaped children of {@code pid} (cutime + cstime). */
    static long childrenTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime (fields 16 and 17)
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
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

    static Map<String, Integer> toCounts(Map<String, AtomicInteger> counts) {
        Map<String, Integer> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
