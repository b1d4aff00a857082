package io.tugboat.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency samples in nanoseconds, kept whole (a run holds at most a few hundred thousand), so that the
 * percentiles are exact rather than bucketed. Recording is thread-safe and allocation-free.
 */
public final class Latencies {
    private final long[] samples;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    public Latencies(int capacity) {
        this.samples = new long[capacity];
    }

    public void record(long nanos) {
        int i = size.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        } else {
            dropped.incrementAndGet();
        }
    }

    public int count() {
        return Math.min(size.get(), samples.length);
    }

    /** A sorted copy of what was recorded. */
    public Summary summary() {
        long[] sorted = Arrays.copyOf(samples, count());
        Arrays.sort(sorted);
        return new Summary(sorted, dropped.get());
    }

    /** Percentiles over sorted samples (nearest-rank). */
    public record Summary(long[] sorted, int dropped) {

        public static Summary of(long[] values) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Summary(sorted, 0);
        }

        public int count() {
            return sorted.length;
        }

        /** The nearest-rank percentile {@code p} (0..100) in nanoseconds; 0 when empty. */
        public long percentile(double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
        }

        public long max() {
            return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        }

        public double meanMillis() {
            if (sorted.length == 0) {
                return 0;
            }
            double sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            return sum / sorted.length / 1e6;
        }

        /** "n=… p50=… p90=… p99=… p99.9=… max=… (ms)". */
        public String line() {
            return String.format(Locale.ROOT, "n=%d  p50=%s  p90=%s  p99=%s  p99.9=%s  max=%s  mean=%.3f ms",
                    count(), ms(percentile(50)), ms(percentile(90)), ms(percentile(99)), ms(percentile(99.9)), ms(max()),
                    meanMillis());
        }
    }

    /** Nanoseconds as milliseconds with three decimals. */
    public static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
