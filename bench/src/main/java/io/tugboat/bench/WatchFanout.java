package io.tugboat.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocketFactory;

/**
 * Target 3: watch fan-out. Opens {@code --watchers} HTTP watches on the ConfigMaps of one namespace, each
 * its own TLS connection read by its own virtual thread (a minimal HTTP/1.1 chunked reader, so that the
 * load generator spends as little of the shared CPU as possible), waits until every watch has its response
 * headers, then updates one ConfigMap {@code --events} times at {@code --rate} per second, each write
 * carrying its sequence number and send time in its data. Every watcher stamps each event on arrival;
 * the figures are the delays from the write's send (and from its acknowledgement) to each receipt, over
 * all (watcher, event) pairs, and whether every watcher saw every event exactly once.
 *
 * <p>Before the watches open, the server is warmed by {@code --warmup} seconds of closed-loop ConfigMap
 * writes (its JIT compiles the write path), and the first {@code --warmup-events} updates go to the watchers
 * unmeasured (the watch path warms too).
 *
 * <pre>bench/run watch-fanout [--watchers 1000] [--events 200] [--rate 20] [--warmup 10] [--warmup-events 20]
 *                        [--datastore sqlite|etcd] [--jfr FILE]</pre>
 */
public final class WatchFanout {
    private static final Set<String> OPTIONS = Set.of("watchers", "events", "rate", "datastore", "jfr", "warmup", "warmup-events");
    private static final String NS = "bench";
    private static final String NAME = "fanout";
    private static final long UNSEEN = Long.MIN_VALUE;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int watchers = args.integer("watchers", 1000);
        int events = args.integer("events", 200);
        int rate = args.integer("rate", 20);
        String datastore = args.string("datastore", "sqlite");
        int warmupSeconds = args.integer("warmup", 10);
        int warmupEvents = args.integer("warmup-events", 20);
        Path jfr = args.has("jfr") ? Path.of(args.string("jfr", "")) : null;
        Report.header("watch-fanout: one writer, many HTTP watchers",
                watchers + " watchers (one TLS connection and one virtual thread each), " + events + " updates at "
                        + rate + "/s after " + warmupEvents + " unmeasured ones, datastore " + datastore + "; server warmed first by "
                        + warmupSeconds + " s of closed-loop ConfigMap writes");

        try (ApiTarget target = ApiTarget.start(datastore); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("server:  " + target.describe());
            Kubeconfig config = Kubeconfig.read(target.kubeconfig());
            HttpClient http = config.httpClient(threads);
            Api api = new Api(config, http);
            ClosedLoop.Result warm = ApiThroughput.phase("server warm-up", api, 8, warmupSeconds, 64, "warm", target.cpuMeter());
            System.out.println("warm-up: " + warm.line());
            String collection = "/api/v1/namespaces/" + NS + "/configmaps";
            HttpResponse<String> created = api.send("POST", collection, Api.configMap(NS, NAME, 0, "\"seq\":\"-1\""));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("cannot create the ConfigMap: " + created.statusCode() + " " + created.body());
            }
            long fromVersion = Api.resourceVersion(created.body());

            long[][] received = new long[watchers][events];
            for (long[] row : received) {
                Arrays.fill(row, UNSEEN);
            }
            AtomicInteger duplicates = new AtomicInteger();
            Map<String, AtomicInteger> watcherProblems = new ConcurrentHashMap<>();
            CountDownLatch established = new CountDownLatch(watchers);
            CountDownLatch finished = new CountDownLatch(watchers);
            List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean closing = new AtomicBoolean();
            String request = "GET " + collection + "?watch=true&resourceVersion=" + fromVersion + "&timeoutSeconds=600 HTTP/1.1\r\n"
                    + "Host: " + config.server().getHost() + ":" + config.server().getPort() + "\r\n"
                    + "Authorization: Bearer " + config.token() + "\r\n"
                    + "Accept: application/json\r\n\r\n";
            SSLSocketFactory tls = config.ssl().getSocketFactory();

            long openStart = System.nanoTime();
            for (int w = 0; w < watchers; w++) {
                int watcher = w;
                Thread.ofVirtual().name("watcher-" + w).start(() -> {
                    AtomicBoolean counted = new AtomicBoolean();
                    Runnable opened = () -> {
                        if (counted.compareAndSet(false, true)) {
                            established.countDown();
                        }
                    };
                    try (Socket socket = tls.createSocket(config.server().getHost(), config.server().getPort())) {
                        sockets.add(socket);
                        socket.setTcpNoDelay(true);
                        String early = watch(socket, request, received[watcher], events, duplicates, opened);
                        if (early != null && !closing.get()) {
                            watcherProblems.computeIfAbsent(early.replaceAll("after [0-9]+ bytes", "after N bytes"),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        if (!closing.get()) {
                            watcherProblems.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    } finally {
                        finished.countDown();
                        opened.run(); // a watch that failed before its headers must not hold up the others
                    }
                });
            }
            boolean allOpen = established.await(120, TimeUnit.SECONDS);
            long openNanos = System.nanoTime() - openStart;
            System.out.printf(Locale.ROOT, "watches: %d opened in %.2f s%s%n", watchers, openNanos / 1e9,
                    allOpen ? "" : " (NOT all within 120 s)");
            Thread.sleep(1000); // let the server finish registering the last store watches

            Profiler profiler = jfr == null ? null
                    : Profiler.start(target.serverPid(), Duration.ofSeconds(events / Math.max(1, rate) + 60), jfr);
            CpuMeter cpu = target.cpuMeter();
            long[] sent = new long[events];
            long[] acked = new long[events];
            Latencies writeLatency = new Latencies(events);
            int failedWrites = 0;
            long version = fromVersion;
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = -warmupEvents; i < events; i++) {
                long intended = start + (i + warmupEvents) * period;
                if (i == 0) {
                    cpu.start();
                }
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                }
                long sentAt = System.nanoTime();
                HttpResponse<String> r = api.send("PUT", collection + "/" + NAME,
                        Api.configMap(NS, NAME, version, "\"seq\":\"" + i + "\",\"sent\":\"" + sentAt + "\""));
                long ackedAt = System.nanoTime();
                if (i >= 0) {
                    sent[i] = sentAt;
                    acked[i] = ackedAt;
                    writeLatency.record(ackedAt - sentAt);
                }
                if (r.statusCode() == 200) {
                    version = Api.resourceVersion(r.body());
                } else {
                    failedWrites += i >= 0 ? 1 : 0;
                    if (i >= 0) {
                        acked[i] = UNSEEN;
                    }
                    System.out.println("write " + i + " failed: " + r.statusCode() + " " + r.body());
                    version = Api.resourceVersion(api.send("GET", collection + "/" + NAME, null).body());
                }
            }
            boolean allDone = finished.await(30, TimeUnit.SECONDS);
            String cpuReport = cpu.stop();
            closing.set(true);
            synchronized (sockets) {
                for (Socket s : sockets) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a socket we are done with
                    }
                }
            }
            finished.await(10, TimeUnit.SECONDS);

            int writes = events - failedWrites;
            Latencies fromSend = new Latencies(watchers * events);
            Latencies fromAck = new Latencies(watchers * events);
            long[] spread = new long[writes];
            int spreadIndex = 0;
            long missing = 0;
            Map<Integer, Integer> missingBySeq = new TreeMap<>();
            int watchersMissing = 0;
            for (int w = 0; w < watchers; w++) {
                boolean complete = true;
                for (int i = 0; i < events; i++) {
                    if (acked[i] == UNSEEN) {
                        continue;
                    }
                    long t = received[w][i];
                    if (t == UNSEEN) {
                        missing++;
                        missingBySeq.merge(i, 1, Integer::sum);
                        complete = false;
                        continue;
                    }
                    fromSend.record(t - sent[i]);
                    fromAck.record(t - acked[i]);
                }
                if (!complete) {
                    watchersMissing++;
                }
            }
            for (int i = 0; i < events; i++) {
                if (acked[i] == UNSEEN) {
                    continue;
                }
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (int w = 0; w < watchers; w++) {
                    long t = received[w][i];
                    if (t != UNSEEN) {
                        first = Math.min(first, t);
                        last = Math.max(last, t);
                    }
                }
                spread[spreadIndex++] = first == Long.MAX_VALUE ? 0 : last - first;
            }
            System.out.println("writes:  " + writes + " of " + events + " acknowledged; PUT latency (ms): " + writeLatency.summary().line());
            System.out.println("delivery from the write's send to receipt (ms), all (watcher,event) pairs: " + fromSend.summary().line());
            System.out.println("delivery from the write's acknowledgement to receipt (ms): " + fromAck.summary().line()
                    + "  (negative: the event arrived before the PUT's response)");
            System.out.println("fan-out spread per event, first to last watcher (ms): "
                    + Latencies.Summary.of(Arrays.copyOf(spread, spreadIndex)).line());
            long expected = (long) watchers * writes;
            System.out.printf(Locale.ROOT, "completeness: %d of %d (watcher,event) pairs received, %d missing, %d duplicates; "
                            + "%d of %d watchers saw every event%s%n", expected - missing, expected, missing, duplicates.get(),
                    watchers - watchersMissing, watchers, allDone ? "" : " (some watchers still waiting after 30 s)");
            if (!missingBySeq.isEmpty()) {
                System.out.println("missing events (sequence number=watchers that lack it), first 20: "
                        + missingBySeq.entrySet().stream().limit(20).toList());
            }
            System.out.println("cpu during the writes: " + cpuReport);
            if (!watcherProblems.isEmpty()) {
                System.out.println("watcher errors: " + new TreeMap<>(Map.copyOf(toCounts(watcherProblems))));
            }
            if (profiler != null) {
                System.out.println("server profile (JFR) in " + jfr + ":");
                System.out.print(profiler.stopAndSummarise(20));
            }
            System.out.print(Report.problems(target.serverLog(), 10));
        }
    }

    private static Map<String, Integer> toCounts(Map<String, AtomicInteger> counts) {
        Map<String, Integer> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /**
     * Sends the watch request and reads the chunked stream, stamping each event line with the time its
     * chunk arrived. Returns after the last expected event or at the end of the stream.
     */
    private static String watch(Socket socket, String request, long[] received, int events, AtomicInteger duplicates,
                                Runnable opened) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        String status = readLine(in);
        if (status == null || !status.startsWith("HTTP/1.1 200")) {
            throw new IOException("watch answered " + status);
        }
        boolean chunked = false;
        for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && header.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            throw new IOException("watch response is not chunked");
        }
        opened.run();
        SeqScanner scanner = new SeqScanner();
        int seen = 0;
        long bytes = 0;
        StringBuilder head = new StringBuilder();
        boolean afterChunk = false;
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            // Jetty sends a chunk's closing CRLF only with the next chunk, so it is read here, not right
            // after the chunk's data (which would hold the last event until the next one arrives).
            if (afterChunk && readLine(in) == null) {
                return ended("connection closed", bytes, head);
            }
            afterChunk = true;
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return ended("connection closed", bytes, head);
            }
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                return ended("stream ended by the server", bytes, head);
            }
            if (chunk.length < size) {
                chunk = new byte[size];
            }
            int n = in.readNBytes(chunk, 0, size);
            long now = System.nanoTime();
            if (n < size) {
                return ended("connection closed in a chunk", bytes, head);
            }
            bytes += n;
            if (head.length() < 160) {
                head.append(new String(chunk, 0, Math.min(n, 160 - head.length()), StandardCharsets.UTF_8));
            }
            for (int i = 0; i < size; i++) {
                int seq = scanner.accept(chunk[i]);
                if (seq == SeqScanner.NONE || seq < 0 || seq >= events) {
                    continue;
                }
                if (received[seq] != UNSEEN) {
                    duplicates.incrementAndGet();
                } else {
                    received[seq] = now;
                    seen++;
                }
                if (seq == events - 1 || seen == events) {
                    return null;
                }
            }
        }
    }

    private static String ended(String how, long bytes, StringBuilder head) {
        return how + " before the last event (after " + bytes + " bytes" + (bytes == 0 ? "" : ", starting " + head.toString().replaceAll("\\s+", " ")) + ")";
    }

    /**
     * Finds {@code "seq":"N"} in the byte stream of watch events without building strings (the load
     * generator shares the CPU with the server, so it should not spend it on parsing): returns N when its
     * closing quote passes, else {@link #NONE}.
     */
    private static final class SeqScanner {
        static final int NONE = Integer.MIN_VALUE;
        private static final byte[] PATTERN = "\"seq\":\"".getBytes(StandardCharsets.US_ASCII);
        private int matched;
        private boolean inNumber;
        private boolean negative;
        private int value;

        int accept(byte b) {
            if (inNumber) {
                if (b >= '0' && b <= '9') {
                    value = value * 10 + (b - '0');
                    return NONE;
                }
                if (b == '-' && value == 0 && !negative) {
                    negative = true;
                    return NONE;
                }
                inNumber = false;
                return b == '"' ? (negative ? -value : value) : NONE;
            }
            if (b == PATTERN[matched]) {
                matched++;
                if (matched == PATTERN.length) {
                    matched = 0;
                    inNumber = true;
                    negative = false;
                    value = 0;
                }
            } else {
                matched = b == '"' ? 1 : 0;
            }
            return NONE;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }
}
