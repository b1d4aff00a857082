package io.tugboat.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load: request {@code i} is due at its intended time whatever happened to the ones before
 * it, and its latency is measured from that intended time to the end of its response. A slow response
 * therefore cannot hold back the requests behind it, and a stall is charged to every request that was due
 * during it (no coordinated omission). Each request runs on a virtual thread of its own; at most
 * {@code maxConnections} are on the wire at once (the rest wait for a connection, and that wait counts in
 * their latency), so that a stall does not turn into a storm of new TLS connections, as a client's bounded
 * connection pool prevents.
 *
 * <p>A run is a warm-up whose rate ramps up second by second to the full rate (so that a cold server, its
 * JIT still compiling, is not buried under a backlog it then carries into the measurement), a pause until
 * every warm-up request has been answered, and then the measured interval at the full, fixed rate.
 * Request indexes run on from the warm-up into the measured interval.
 */
public final class OpenLoop {
    private static final long DRAIN_NANOS = 30_000_000_000L;

    /** What to do with each successful response (e.g. remember the resourceVersion it returned). */
    @FunctionalInterface
    public interface ResponseHook {
        void accept(int index, String body);
    }

    /** One request of the load: returns its status (HTTP's, or 200 for an in-process call) and body. */
    @FunctionalInterface
    public interface Operation {
        Outcome call() throws Exception;
    }

    public record Outcome(int status, String body) {
    }

    /** Request {@code i} of an HTTP load. */
    public static IntFunction<Operation> http(HttpClient http, IntFunction<HttpRequest> request) {
        return i -> {
            HttpRequest req = request.apply(i);
            return () -> {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                return new Outcome(r.statusCode(), r.body());
            };
        };
    }

    public record Result(String name, Latencies.Summary latency, int measured, int ok, Map<String, Integer> failures,
                         double offeredRate, double sentRate, double completedRate, long maxSendLagNanos,
                         int maxInFlight, String cpu, boolean aborted, String timeline, int warmupRequests) {

        public String report(int expectedStatus) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s: offered %.0f/s, sent %.1f/s, completed OK %.1f/s (%d of %d measured requests %d; %d warm-up requests before)%n",
                    name, offeredRate, sentRate, completedRate, ok, measured, expectedStatus, warmupRequests));
            b.append("  latency from intended send time (ms): ").append(latency.line()).append('\n');
            b.append("  max latency per second, warm-up ramp | measured (ms): ").append(timeline).append('\n');
            b.append(String.format(Locale.ROOT, "  load generator: max send lag %s ms, max requests in flight (incl. waiting for a connection) %d%n",
                    Latencies.ms(maxSendLagNanos), maxInFlight));
            b.append("  cpu during the measured interval: ").append(cpu).append('\n');
            if (!failures.isEmpty()) {
                b.append("  failures: ").append(failures).append('\n');
            }
            if (aborted) {
                b.append("  ABORTED: more requests in flight than the limit; the server was not keeping up\n");
            }
            return b.toString();
        }
    }

    private final String name;
    private final IntFunction<Operation> request;
    private final int expectedStatus;
    private final ResponseHook hook;
    private final Semaphore connections;
    private final int maxInFlightAllowed;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private OpenLoop(String name, int maxConnections, int rate, IntFunction<Operation> request,
                     int expectedStatus, ResponseHook hook) {
        this.name = name;
        this.request = request;
        this.expectedStatus = expectedStatus;
        this.hook = hook;
        this.connections = new Semaphore(maxConnections, true);
        this.maxInFlightAllowed = Math.max(1000, rate * 5);
    }

    /** The requests one interval sends: offsets of their intended times from its start, and where their indexes begin. */
    private record Schedule(long[] offsets, int firstIndex, boolean measured, AtomicLongArray secondMax) {
    }

    private static final class Tally {
        final Latencies latencies;
        final AtomicInteger ok = new AtomicInteger();
        final AtomicLong lastCompletion = new AtomicLong();
        long firstSend;
        long lastSend;
        long start;
        long maxLag;
        boolean aborted;

        Tally(int capacity) {
            latencies = new Latencies(capacity);
        }
    }

    /**
     * Runs the warm-up ramp, drains it, calls {@code beforeMeasure}, then runs {@code measureSeconds} at
     * {@code rate}. Request {@code i} is {@code request.apply(i)}.
     */
    public static Result run(String name, int rate, int warmupSeconds, int measureSeconds, int maxConnections,
                             IntFunction<Operation> request, int expectedStatus, ResponseHook hook, CpuMeter cpu,
                             Runnable beforeMeasure) {
        OpenLoop loop = new OpenLoop(name, maxConnections, rate, request, expectedStatus, hook);
        long[] ramp = ramp(rate, warmupSeconds);
        AtomicLongArray warmMax = new AtomicLongArray(warmupSeconds);
        Tally warm = loop.send(new Schedule(ramp, 0, false, warmMax), ramp.length);
        loop.drain();
        boolean abortedInWarmup = warm.aborted;
        beforeMeasure.run();

        long period = 1_000_000_000L / rate;
        long[] steady = new long[rate * measureSeconds];
        for (int i = 0; i < steady.length; i++) {
            steady[i] = i * period;
        }
        AtomicLongArray measuredMax = new AtomicLongArray(measureSeconds);
        Tally tally;
        String cpuReport;
        if (abortedInWarmup) {
            tally = new Tally(0);
            tally.aborted = true;
            cpuReport = "(not measured: the warm-up was aborted)";
        } else {
            cpu.start();
            tally = loop.send(new Schedule(steady, ramp.length, true, measuredMax), steady.length);
            loop.drain();
            cpuReport = cpu.stop();
        }
        int measured = tally.latencies.count();
        double sentRate = measured <= 1 ? 0 : (measured - 1) * 1e9 / Math.max(1, tally.lastSend - tally.firstSend);
        double completedRate = tally.ok.get() * 1e9 / Math.max(1, tally.lastCompletion.get() - tally.start);
        Map<String, Integer> failed = new TreeMap<>();
        loop.failures.forEach((k, v) -> failed.put(k, v.get()));
        if (loop.inFlight.get() > 0) {
            failed.put("still in flight " + DRAIN_NANOS / 1_000_000_000L + " s after the end", loop.inFlight.get());
        }
        StringBuilder timeline = new StringBuilder();
        for (int s = 0; s < warmupSeconds; s++) {
            timeline.append(s == 0 ? "" : " ").append(Math.round(warmMax.get(s) / 1e6));
        }
        timeline.append(" |");
        for (int s = 0; s < measureSeconds; s++) {
            timeline.append(' ').append(Math.round(measuredMax.get(s) / 1e6));
        }
        return new Result(name, tally.latencies.summary(), measured, tally.ok.get(), failed, rate, sentRate, completedRate,
                Math.max(warm.maxLag, tally.maxLag), loop.maxInFlight.get(), cpuReport, tally.aborted, timeline.toString(),
                ramp.length);
    }

    /** Warm-up: second s (0-based) of n carries rate*(s+1)/n requests, evenly spaced. */
    private static long[] ramp(int rate, int seconds) {
        int total = 0;
        for (int s = 0; s < seconds; s++) {
            total += rate * (s + 1) / seconds;
        }
        long[] offsets = new long[total];
        int i = 0;
        for (int s = 0; s < seconds; s++) {
            int n = rate * (s + 1) / seconds;
            for (int k = 0; k < n; k++) {
                offsets[i++] = s * 1_000_000_000L + k * (1_000_000_000L / n);
            }
        }
        return offsets;
    }

    private Tally send(Schedule schedule, int capacity) {
        Tally tally = new Tally(capacity);
        long start = System.nanoTime() + 20_000_000L;
        tally.start = start;
        for (int k = 0; k < schedule.offsets().length; k++) {
            long intended = start + schedule.offsets()[k];
            long now = System.nanoTime();
            while (now < intended) {
                LockSupport.parkNanos(intended - now);
                now = System.nanoTime();
            }
            if (k == 0) {
                tally.firstSend = now;
            }
            tally.maxLag = Math.max(tally.maxLag, now - intended);
            int flying = inFlight.incrementAndGet();
            if (flying > maxInFlightAllowed) {
                inFlight.decrementAndGet();
                tally.aborted = true;
                break;
            }
            maxInFlight.accumulateAndGet(flying, Math::max);
            int index = schedule.firstIndex() + k;
            int second = (int) (schedule.offsets()[k] / 1_000_000_000L);
            Operation op = request.apply(index);
            Thread.ofVirtual().start(() -> exchange(op, index, intended, second, schedule, tally));
            tally.lastSend = now;
        }
        return tally;
    }

    private void exchange(Operation op, int index, long intended, int second, Schedule schedule, Tally tally) {
        Outcome response = null;
        Throwable error = null;
        try {
            connections.acquire();
            try {
                response = op.call();
            } finally {
                connections.release();
            }
        } catch (Exception e) {
            error = e;
        }
        long done = System.nanoTime();
        schedule.secondMax().accumulateAndGet(Math.min(second, schedule.secondMax().length() - 1), done - intended, Math::max);
        if (schedule.measured()) {
            tally.latencies.record(done - intended);
            tally.lastCompletion.accumulateAndGet(done, Math::max);
        }
        if (error != null) {
            failures.computeIfAbsent(describe(error), k -> new AtomicInteger()).incrementAndGet();
        } else if (response.status() != expectedStatus) {
            failures.computeIfAbsent("HTTP " + response.status() + ": " + reason(response.body()),
                    k -> new AtomicInteger()).incrementAndGet();
        } else {
            if (schedule.measured()) {
                tally.ok.incrementAndGet();
            }
            hook.accept(index, response.body());
        }
        inFlight.decrementAndGet();
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static String describe(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String reason(String body) {
        int at = body.indexOf("\"reason\":\"");
        if (at < 0) {
            return body.length() > 80 ? body.substring(0, 80) : body;
        }
        int end = body.indexOf('"', at + 10);
        return body.substring(at + 10, end < 0 ? body.length() : end);
    }
}
