package io.tugboat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time used by some processes, and by every other process on the machine, between {@link #start} and
 * {@link #stop}, read from /proc, so that a figure can say who used the two cores: the server, the load
 * generator, etcd, or something else. Also the load generator's own GC. Linux only; elsewhere it reports zeros.
 */
public final class CpuMeter {
    /** USER_HZ: /proc reports times in these ticks; 100 on every Linux platform Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    /** The machine's CPUs, as seen before any diagnostic pinning narrows what this JVM sees. */
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private Map<Long, Long> startOthers = Map.of();
    private long startNanos;
    private String report = "";
    private final Map<String, Double> cores = new LinkedHashMap<>();
    private double otherCores;
    private double kernelThreadCores;
    private long startGcCount;
    private long startGcMillis;

    public CpuMeter add(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    public void start() {
        startGcCount = gc()[0];
        startGcMillis = gc()[1];
        startNanos = System.nanoTime();
        startTicks.clear();
        pids.forEach((name, pid) -> startTicks.put(name, processTicks(pid)));
        startOthers = otherProcesses();
    }

    /** Ends the interval and returns e.g. "server 1.23 cores, bench 0.40 cores, other processes 0.02 cores; ...". */
    public String stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder b = new StringBuilder();
        double ours = 0;
        cores.clear();
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            double used = (processTicks(p.getValue()) - startTicks.get(p.getKey())) / TICKS_PER_SECOND / seconds;
            ours += used;
            cores.put(p.getKey(), used);
            b.append(String.format(Locale.ROOT, "%s %.2f cores, ", p.getKey(), used));
        }
        long others = 0;
        long kernelThreads = 0;
        for (Map.Entry<Long, Long> p : otherProcesses().entrySet()) {
            long used = p.getValue() - startOthers.getOrDefault(p.getKey(), 0L);
            others += used;
            if (isKernelThread(p.getKey())) {
                kernelThreads += used;
            }
        }
        otherCores = others / TICKS_PER_SECOND / seconds;
        kernelThreadCores = kernelThreads / TICKS_PER_SECOND / seconds;
        b.append(String.format(Locale.ROOT, "other processes %.2f cores (kernel threads such as ksoftirqd %.2f); together %.0f%% of the %d cores",
                otherCores, kernelThreadCores, 100 * (ours + otherCores) / CPUS, CPUS));
        long[] gc = gc();
        b.append(String.format(Locale.ROOT, "; load generator GC: %d collections, %d ms", gc[0] - startGcCount, gc[1] - startGcMillis));
        report = b.toString();
        return report;
    }

    public String report() {
        return report;
    }

    /** Cores the process added as {@code name} used over the last interval (after {@link #stop}). */
    public double cores(String name) {
        return cores.getOrDefault(name, 0.0);
    }

    /** Cores every other process used over the last interval, kernel threads included (after {@link #stop}). */
    public double otherCores() {
        return otherCores;
    }

    /**
     * The part of {@link #otherCores} used by kernel threads: network work the kernel defers to ksoftirqd shows
     * up here, so a benchmark of forwarding can tell it from other people's work.
     */
    public double kernelThreadCores() {
        return kernelThreadCores;
    }

    /** Whether {@code pid} is a kernel thread (PF_KTHREAD in /proc/PID/stat's flags). */
    private static boolean isKernelThread(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[6]) & 0x00200000L) != 0; // flags (field 9)
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * CPU ticks of every process that is neither one of ours nor a descendant of this JVM. (Summed per
     * process because /proc/stat's machine-wide counters, sampled at timer ticks, miss much of a bursty
     * load on a tickless kernel; the per-process times are exact.) A process that ends in the interval is
     * missed.
     */
    private Map<Long, Long> otherProcesses() {
        java.util.Set<Long> ours = new java.util.HashSet<>(pids.values());
        ours.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
        Map<Long, Long> ticks = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                long pid = Long.parseLong(n);
                if (!ours.contains(pid)) {
                    ticks.put(pid, processTicks(pid));
                }
            });
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return ticks;
    }

    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {collections, milliseconds} of this JVM's garbage collectors so far. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean bean : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** Cores used by all other processes over the next {@code millis} (what else is running on the machine). */
    public static double othersBusy(long millis) {
        CpuMeter meter = new CpuMeter();
        Map<Long, Long> before = meter.otherProcesses();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> p : meter.otherProcesses().entrySet()) {
            ticks += p.getValue() - before.getOrDefault(p.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND / (millis / 1000.0);
    }
}
