package io.tugboat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time used by some processes (and by the whole machine) between {@link #start} and {@link #stop},
 * read from /proc, so that a figure can say who used the two cores: the server, the load generator, etcd.
 * Linux only; on anything else it reports nothing.
 */
public final class CpuMeter {
    /** USER_HZ: /proc reports times in these ticks; 100 on every Linux platform Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> startTicks = new LinkedHashMap<>();
    private long startMachineBusy;
    private long startMachineTotal;
    private long startNanos;
    private String report = "";

    public CpuMeter add(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    public void start() {
        startNanos = System.nanoTime();
        startTicks.clear();
        pids.forEach((name, pid) -> startTicks.put(name, processTicks(pid)));
        long[] machine = machineTicks();
        startMachineBusy = machine[0];
        startMachineTotal = machine[1];
    }

    /** Ends the interval and returns e.g. "server 1.23 cores, bench 0.40 cores, machine 87% busy". */
    public String stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder b = new StringBuilder();
        double ours = 0;
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            double cores = (processTicks(p.getValue()) - startTicks.get(p.getKey())) / TICKS_PER_SECOND / seconds;
            ours += cores;
            b.append(String.format(Locale.ROOT, "%s %.2f cores, ", p.getKey(), cores));
        }
        long[] machine = machineTicks();
        long total = machine[1] - startMachineTotal;
        int cpus = Runtime.getRuntime().availableProcessors();
        double busyCores = total == 0 ? 0 : cpus * (double) (machine[0] - startMachineBusy) / total;
        b.append(String.format(Locale.ROOT, "other processes %.2f cores; machine %.0f%% busy (of %d cores)",
                Math.max(0, busyCores - ours), 100 * busyCores / cpus, cpus));
        report = b.toString();
        return report;
    }

    public String report() {
        return report;
    }

    /** How busy the machine is over the next {@code millis}, as a fraction of all its cores (0..1). */
    public static double machineBusy(long millis) {
        long[] before = machineTicks();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] after = machineTicks();
        long total = after[1] - before[1];
        return total == 0 ? 0 : (double) (after[0] - before[0]) / total;
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces; fields after the closing parenthesis are fixed
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {busy, total} jiffies of all CPUs. */
    private static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
