package io.tugboat.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node agent target 2: agent memory, RSS with 100 pods. The control plane ({@code tug server}) and the agent
 * ({@code tug agent}) run as separate JVMs, as on a real node, so that the agent's resident set is its own. For
 * each JVM option set ("variant") a fresh agent is started, {@code --pods} pods ({@code sleep 3600}) are bound
 * to it, of which {@code --probes} carry an exec readiness probe every {@code --probe-period} seconds; once all
 * run, {@code --settle} seconds pass (RSS sampled every second), then the agent's VmRSS and its parts are read
 * from /proc/PID/status and its heap from {@code jcmd GC.heap_info}; the pods are deleted and the agent stopped
 * before the next variant.
 *
 * <pre>bench/run agent-memory [--pods 100] [--probes 10] [--probe-period 5] [--settle 30] [--idle 10]
 *                        [--variants "NAME:OPTIONS;NAME:OPTIONS"] [--nmt]</pre>
 *
 * In a variant, tokens of the form NAME=VALUE with an upper-case NAME are environment variables (e.g.
 * MALLOC_ARENA_MAX=2); the rest are JVM options. {@code --nmt} adds -XX:NativeMemoryTracking=summary to every
 * variant and prints the JVM's own account of its memory (NMT itself costs a little memory).
 */
public final class AgentMemory {
    private static final Set<String> OPTIONS = Set.of("pods", "probes", "probe-period", "settle", "idle", "variants", "nmt");
    private static final String DEFAULT_VARIANTS = String.join(";",
            "jvm-defaults:",
            "serial-64m:-XX:+UseSerialGC -Xmx64m",
            "lean-64m:-XX:+UseSerialGC -Xms8m -Xmx64m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss256k -XX:+UseCompactObjectHeaders",
            "lean-64m-malloc:-XX:+UseSerialGC -Xms8m -Xmx64m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss256k -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000 MALLOC_ARENA_MAX=2",
            "lean-48m-malloc:-XX:+UseSerialGC -Xms8m -Xmx48m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss256k -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000 MALLOC_ARENA_MAX=2");

    record Variant(String name, List<String> jvm, Map<String, String> env) {
        String describe() {
            List<String> all = new ArrayList<>(jvm);
            env.forEach((k, v) -> all.add(k + "=" + v));
            return all.isEmpty() ? "(JVM defaults)" : String.join(" ", all);
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int pods = args.integer("pods", 100);
        int probes = args.integer("probes", 10);
        int probePeriod = args.integer("probe-period", 5);
        int settle = args.integer("settle", 30);
        int idle = args.integer("idle", 10);
        boolean nmt = args.flag("nmt");
        List<Variant> variants = parse(args.string("variants", DEFAULT_VARIANTS), nmt);
        if (pods > 240) {
            throw new IllegalArgumentException("--pods: at most 240 (the node's /24)");
        }
        Report.header("agent-memory: RSS of a separate tug agent JVM running pods",
                pods + " pods (sleep 3600, " + probes + " with an exec readiness probe every " + probePeriod + " s), "
                        + idle + " s idle first, " + settle + " s settle once all Running; variants: "
                        + variants.stream().map(Variant::name).toList() + (nmt ? "; with NMT" : ""));

        NodeCluster cluster = NodeCluster.server(ServerJvm.options());
        List<String> rows = new ArrayList<>();
        String cleanup;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("server:  tug server (SQLite) at " + cluster.describe() + ", pid " + cluster.server().pid());
            Kubeconfig config = Kubeconfig.read(cluster.kubeconfig());
            HttpClient http = config.httpClient(threads);
            Api api = new Api(config, http);
            api.ensureNamespace(NodeCluster.NS);
            Map<String, String> bodies = new LinkedHashMap<>();
            for (int i = 0; i < pods; i++) {
                String name = String.format(Locale.ROOT, "mem-%03d", i);
                bodies.put(name, NodeCluster.pod(name, NodeCluster.NODE, i < probes, probePeriod));
            }
            for (Variant v : variants) {
                System.out.println();
                System.out.println("-- variant " + v.name() + ": " + v.describe() + "   (load " + loadAverage() + ")");
                long t0 = System.nanoTime();
                TugJvm agent;
                try {
                    agent = cluster.startAgent(v.name(), v.jvm(), v.env());
                } catch (RuntimeException e) {
                    System.out.println("  agent did not start: " + e.getMessage().lines().limit(15).toList());
                    rows.add("| " + v.name() + " | `" + v.describe() + "` | did not start | | | | | |");
                    continue;
                }
                long pid = agent.pid();
                System.out.printf(Locale.ROOT, "  agent pid %d up in %.1f s%n", pid, (System.nanoTime() - t0) / 1e9);
                Thread.sleep(idle * 1000L);
                Map<String, Long> idleStatus = status(pid);
                System.out.println("  idle, no pods: " + statusLine(idleStatus));

                long c0 = System.nanoTime();
                Map<String, String> failed = NodeCluster.createAll(api, bodies);
                if (!failed.isEmpty()) {
                    System.out.println("  CREATE FAILURES: " + failed.size() + ", e.g. " + failed.entrySet().iterator().next());
                }
                int runningCount = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                long peakWhileStarting = 0;
                while (System.nanoTime() < deadline && agent.alive()) {
                    runningCount = (int) NodeCluster.phases(api).values().stream().filter("Running"::equals).count();
                    peakWhileStarting = Math.max(peakWhileStarting, status(pid).getOrDefault("VmRSS", 0L));
                    if (runningCount >= pods - failed.size()) {
                        break;
                    }
                    Thread.sleep(500);
                }
                System.out.printf(Locale.ROOT, "  %d of %d pods Running %.1f s after the first create; RSS peak while starting them %d MiB%n",
                        runningCount, pods, (System.nanoTime() - c0) / 1e9, peakWhileStarting / 1024);

                CpuMeter cpu = new CpuMeter().add("agent", pid);
                cpu.start();
                long maxRss = 0;
                StringBuilder samples = new StringBuilder();
                for (int s = 0; s < settle && agent.alive(); s++) {
                    Thread.sleep(1000);
                    long rss = status(pid).getOrDefault("VmRSS", 0L);
                    maxRss = Math.max(maxRss, rss);
                    if (s % 5 == 4) {
                        samples.append(rss / 1024).append(' ');
                    }
                }
                String cpuLine = cpu.stop();
                if (!agent.alive()) {
                    System.out.println("  AGENT DIED:\n" + agent.tail(30));
                    rows.add("| " + v.name() + " | `" + v.describe() + "` | " + idleStatus.getOrDefault("VmRSS", 0L) / 1024
                            + " MiB | died with " + runningCount + " pods | | | | | " + loadAverage() + " | |");
                    System.out.println("  teardown: " + cluster.deletePodsAndWait(api, Duration.ofSeconds(90)) + "; agent " + cluster.stopAgent());
                    continue;
                }
                Map<String, Long> st = status(pid);
                String load = loadAverage();
                HeapInfo h = HeapInfo.parse(jcmd(pid, "GC.heap_info"), jcmd(pid, "VM.metaspace", "basic"));
                String threadKinds = threadKinds(jcmd(pid, "Thread.print"));
                // last: the class histogram runs a full GC, so its total is the live heap
                long liveKiB = histogramTotal(jcmd(pid, "GC.class_histogram")) / 1024;
                System.out.println("  with " + runningCount + " pods after " + settle + " s: " + statusLine(st) + "; load " + load);
                System.out.println("  RSS every 5 s during the settle (MiB): " + samples.toString().strip() + "; max " + maxRss / 1024 + " MiB");
                System.out.println("  heap (jcmd GC.heap_info, VM.metaspace): " + h.line() + String.format(Locale.ROOT,
                        "; live after a full GC (GC.class_histogram) %.1f MiB", liveKiB / 1024.0));
                System.out.println("  threads by kind (jcmd Thread.print): " + threadKinds);
                System.out.println("  cpu during the settle: " + cpuLine);
                if (nmt) {
                    System.out.println("  NMT committed (KiB) by category: " + nmtSummary(jcmd(pid, "VM.native_memory", "summary")));
                }
                long rssMiB = st.getOrDefault("VmRSS", 0L) / 1024;
                rows.add(String.format(Locale.ROOT, "| %s | `%s` | %d MiB | **%d MiB** | %d MiB | %d / %d / %d MiB | %d | %s | %s | %s |",
                        v.name(), v.describe(), idleStatus.getOrDefault("VmRSS", 0L) / 1024, rssMiB, maxRss / 1024,
                        st.getOrDefault("RssAnon", 0L) / 1024, st.getOrDefault("RssFile", 0L) / 1024, st.getOrDefault("RssShmem", 0L) / 1024,
                        st.getOrDefault("Threads", 0L), h.shortLine() + String.format(Locale.ROOT, ", %.0f MiB live", liveKiB / 1024.0), load, rssMiB <= 64 ? "met" : "missed"));

                String teardown = cluster.deletePodsAndWait(api, Duration.ofSeconds(90));
                System.out.println("  teardown: " + teardown + "; agent " + cluster.stopAgent());
            }
            System.out.print(Report.problems(cluster.server().log(), 10));
        } finally {
            cleanup = cluster.shutdown();
        }
        System.out.println("cleanup: " + cleanup);
        System.out.println();
        System.out.println("| variant | agent JVM options | idle RSS | RSS with " + pods + " pods | max in settle | anon / file / shmem | threads | heap used / committed, metaspace used, live heap | load (1/5/15 min) | <= 64 MB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    static List<Variant> parse(String spec, boolean nmt) {
        List<Variant> variants = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--variants: NAME:OPTIONS;NAME:OPTIONS, not '" + part + "'");
            }
            List<String> jvm = new ArrayList<>();
            Map<String, String> env = new LinkedHashMap<>();
            for (String token : part.substring(colon + 1).trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (token.matches("[A-Z_][A-Z0-9_]*=.*")) {
                    env.put(token.substring(0, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
                } else {
                    jvm.add(token);
                }
            }
            if (nmt) {
                jvm.add("-XX:NativeMemoryTracking=summary");
            }
            variants.add(new Variant(part.substring(0, colon).trim(), List.copyOf(jvm), Map.copyOf(env)));
        }
        return variants;
    }

    /** The kB fields of /proc/PID/status (VmRSS, RssAnon, ...) and Threads. */
    static Map<String, Long> status(long pid) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon);
                if (key.startsWith("Vm") || key.startsWith("Rss") || key.equals("Threads")) {
                    String digits = line.substring(colon + 1).replaceAll("[^0-9]", "");
                    if (!digits.isEmpty()) {
                        m.put(key, Long.parseLong(digits));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return m;
    }

    private static String statusLine(Map<String, Long> s) {
        return String.format(Locale.ROOT, "VmRSS %d MiB (anon %d, file %d, shmem %d), VmHWM %d MiB, %d threads",
                s.getOrDefault("VmRSS", 0L) / 1024, s.getOrDefault("RssAnon", 0L) / 1024, s.getOrDefault("RssFile", 0L) / 1024,
                s.getOrDefault("RssShmem", 0L) / 1024, s.getOrDefault("VmHWM", 0L) / 1024, s.getOrDefault("Threads", 0L));
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String jcmd(long pid, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(args));
        return NodeCluster.run(cmd);
    }

    record HeapInfo(long usedKiB, long committedKiB, long metaUsedKiB, long metaCommittedKiB) {
        // Serial: "DefNew     total 19648K, used 7367K [...", "Tenured    total 43712K, used 2364K [..."
        private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");
        // G1: "garbage-first heap   total reserved 65536K, committed 65536K, used 12281K [..."
        private static final Pattern G1 = Pattern.compile("committed (\\d+)K, used (\\d+)K");
        private static final Pattern META = Pattern.compile("^Metaspace\\s+used (\\d+)K, committed (\\d+)K");

        /** From {@code jcmd GC.heap_info} and {@code jcmd VM.metaspace basic}. */
        static HeapInfo parse(String heapInfo, String metaspace) {
            long used = 0;
            long committed = 0;
            for (String line : heapInfo.lines().toList()) {
                if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                    continue; // eden/from/to/region detail lines
                }
                Matcher m = line.contains("reserved") ? G1.matcher(line) : GENERATION.matcher(line);
                if (m.find()) {
                    committed += Long.parseLong(m.group(1));
                    used += Long.parseLong(m.group(2));
                }
            }
            long metaUsed = 0;
            long metaCommitted = 0;
            for (String line : metaspace.lines().toList()) {
                Matcher meta = META.matcher(line);
                if (meta.find()) {
                    metaUsed = Long.parseLong(meta.group(1));
                    metaCommitted = Long.parseLong(meta.group(2));
                }
            }
            return new HeapInfo(used, committed, metaUsed, metaCommitted);
        }

        String line() {
            return String.format(Locale.ROOT, "heap used %.1f MiB of %.1f MiB committed; metaspace used %.1f MiB, committed %.1f MiB",
                    usedKiB / 1024.0, committedKiB / 1024.0, metaUsedKiB / 1024.0, metaCommittedKiB / 1024.0);
        }

        String shortLine() {
            return String.format(Locale.ROOT, "%.0f / %.0f MiB, %.0f MiB", usedKiB / 1024.0, committedKiB / 1024.0, metaUsedKiB / 1024.0);
        }
    }

    /** The bytes total of {@code jcmd GC.class_histogram}. */
    static long histogramTotal(String text) {
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3 && f[0].equals("Total")) {
                return Long.parseLong(f[2]);
            }
        }
        return 0;
    }

    /** Thread names with ids and numbers folded, counted, largest groups first: "200 log-*, 100 process reaper, ...". */
    static String threadKinds(String threadDump) {
        Map<String, Integer> kinds = new java.util.HashMap<>();
        for (String line : threadDump.lines().toList()) {
            if (line.startsWith("\"")) {
                String name = line.substring(1, Math.max(1, line.indexOf('"', 1)));
                name = name.replaceAll("^log-.*-(stdout|stderr)$", "log-*-$1").replaceAll("\\(pid [0-9]+\\)", "(pid *)")
                        .replaceAll("-?[0-9]+", "N");
                kinds.merge(name, 1, Integer::sum);
            }
        }
        return kinds.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .map(e -> e.getValue() + " " + e.getKey()).toList().toString();
    }

    /** "Java Heap 65536, Class 12000, Thread 9000, ..." from {@code VM.native_memory summary}, largest first. */
    static String nmtSummary(String text) {
        Pattern category = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB");
        Pattern total = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
        List<Map.Entry<String, Long>> cats = new ArrayList<>();
        String head = "";
        for (String line : text.lines().toList()) {
            Matcher t = total.matcher(line.strip());
            if (t.find()) {
                head = "total " + t.group(2) + "; ";
            }
            Matcher m = category.matcher(line.strip());
            if (m.find()) {
                cats.add(Map.entry(m.group(1).strip(), Long.parseLong(m.group(3))));
            }
        }
        if (cats.isEmpty()) {
            return "(no NMT output: " + text.lines().limit(3).toList() + ")";
        }
        cats.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder b = new StringBuilder(head);
        cats.stream().filter(e -> e.getValue() >= 256).forEach(e -> b.append(e.getKey()).append(' ').append(e.getValue()).append(", "));
        return b.substring(0, b.length() - 2);
    }
}
