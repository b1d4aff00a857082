package io.tugboat.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop throughput run: {@code writers} virtual threads each repeat one unit of work as fast as
 * answers come back, for a fixed time. Measures throughput at a given concurrency, which is what
 * "engine X reaches N% of raw etcd" compares; latency here is per operation, not from an arrival schedule.
 */
public final class ClosedLoop {

    /** One writer's loop body: does some operations, records each with {@code ops}. Throws to count a failure. */
    @FunctionalInterface
    public interface Work {
        void run(int writer, long iteration, Ops ops) throws Exception;
    }

    /** Where a unit of work records each operation it completed, with the time it took. */
    public static final class Ops {
        private final AtomicLong count;
        private final Latencies latencies;

        Ops(AtomicLong count, Latencies latencies) {
            this.count = count;
            this.latencies = latencies;
        }

        public void done(long startNanos) {
            latencies.record(System.nanoTime() - startNanos);
            count.incrementAndGet();
        }
    }

    public record Result(String name, long ops, double seconds, Latencies.Summary latency, Map<String, Integer> failures,
                         String cpu) {
        public double rate() {
            return ops / seconds;
        }

        public String line() {
            return String.format(Locale.ROOT, "%-28s %9.0f ops/s  (%d ops in %.1f s)  latency ms: p50=%s p99=%s max=%s%s%n      cpu: %s",
                    name, rate(), ops, seconds, Latencies.ms(latency.percentile(50)), Latencies.ms(latency.percentile(99)),
                    Latencies.ms(latency.max()), failures.isEmpty() ? "" : "  FAILURES " + failures, cpu);
        }
    }

    private ClosedLoop() {
    }

    public static Result run(String name, int writers, int seconds, Work work, CpuMeter cpu) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        Latencies latencies = new Latencies(4_000_000);
        Ops ops = new Ops(count, latencies);
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(writers);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        cpu.start();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread.ofVirtual().name(name + "-" + w).start(() -> {
                try {
                    for (long i = 0; System.nanoTime() < deadline; i++) {
                        try {
                            work.run(writer, i, ops);
                        } catch (Exception e) {
                            String what = e.getClass().getSimpleName() + ": " + e.getMessage();
                            failures.computeIfAbsent(what.length() > 160 ? what.substring(0, 160) : what,
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
            failures.computeIfAbsent("writers still running 60 s after the end", k -> new AtomicInteger()).incrementAndGet();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        String cpuReport = cpu.stop();
        Map<String, Integer> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.get()));
        return new Result(name, count.get(), elapsed, latencies.summary(), failed, cpuReport);
    }
}
