package io.tugboat.bench;

import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own hiccups, in the manner of jHiccup: a thread that asks to sleep 1 ms over and over and
 * records how much longer each sleep took. Whatever shows up here (the hypervisor taking the CPU away, the
 * kernel, this JVM's safepoints) shows up in every latency figure taken on this machine, whatever the
 * server does. Run alone on an idle machine for the baseline, or alongside a harness.
 *
 * <pre>bench/run hiccups [--seconds 30] [--threads 1]</pre>
 */
public final class Hiccups {
    private static final Set<String> OPTIONS = Set.of("seconds", "threads");

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int seconds = args.integer("seconds", 30);
        int threads = args.integer("threads", 1);
        Report.header("hiccups: oversleep of a 1 ms sleep loop", seconds + " s, " + threads + " platform thread(s)");
        Latencies hiccups = new Latencies(seconds * 1200 * threads);
        long[] perSecondMax = new long[seconds];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            workers[t] = Thread.ofPlatform().start(() -> {
                while (true) {
                    long before = System.nanoTime();
                    if (before >= end) {
                        return;
                    }
                    LockSupport.parkNanos(1_000_000);
                    long over = System.nanoTime() - before - 1_000_000;
                    hiccups.record(Math.max(0, over));
                    int second = (int) ((before - start) / 1_000_000_000L);
                    synchronized (perSecondMax) {
                        perSecondMax[second] = Math.max(perSecondMax[second], over);
                    }
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("oversleep (ms): " + hiccups.summary().line());
        StringBuilder b = new StringBuilder();
        for (long m : perSecondMax) {
            b.append(Math.round(m / 1e6)).append(' ');
        }
        System.out.println("max oversleep per second (ms): " + b.toString().trim());
    }
}
