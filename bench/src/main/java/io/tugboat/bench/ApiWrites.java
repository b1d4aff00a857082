package io.tugboat.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Target 1: API writes end to end through HTTPS at a fixed arrival rate. Starts a real {@code tug up}
 * (SQLite) in a child JVM with ./tug's options (see {@link ApiTarget}), or {@code tug server} over etcd with
 * {@code --datastore etcd}, then runs two open-loop phases (see {@link OpenLoop}): creates of small
 * ConfigMaps at {@code --rate} per second, then updates of the same ConfigMaps at the same rate, each
 * carrying the resourceVersion its create returned (optimistic concurrency, as a controller writes).
 * Each phase is a warm-up ramp of {@code --warmup} seconds up to the full rate, a drain, and
 * {@code --duration} measured seconds; latencies are from each request's intended send time.
 *
 * <pre>bench/run api-writes [--rate 1000] [--warmup 20] [--duration 30] [--payload 64] [--datastore sqlite|etcd]
 *                      [--connections 32] [--no-updates] [--jfr FILE] [--pin]
 *                      [--disable-controllers]</pre>
 *
 * <p>{@code --pin} (a diagnostic, not the figure) puts the server on one core and the load generator on
 * the other, to show how much of the tail comes from the two sharing both cores. {@code --disable-controllers}
 * (also a diagnostic) runs the server without its controllers and scheduler, whose watches receive every write.
 */
public final class ApiWrites {
    private static final Set<String> OPTIONS = Set.of("rate", "warmup", "duration", "payload", "datastore", "no-updates", "jfr", "connections", "pin", "disable-controllers");
    private static final String NS = "bench";

    private static int warmupRequests(int rate, int seconds) {
        int total = 0;
        for (int s = 0; s < seconds; s++) {
            total += rate * (s + 1) / seconds;
        }
        return total;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int rate = args.integer("rate", 1000);
        int warmup = args.integer("warmup", 20);
        int duration = args.integer("duration", 30);
        int payload = args.integer("payload", 64);
        String datastore = args.string("datastore", "sqlite");
        boolean updates = !args.flag("no-updates");
        int connections = args.integer("connections", 32);
        Path jfr = args.has("jfr") ? Path.of(args.string("jfr", "")) : null;
        List<String> serverArgs = args.flag("disable-controllers") ? List.of("--disable-controllers") : List.of();

        Report.header("api-writes: open-loop ConfigMap writes over HTTPS",
                "rate " + rate + "/s, warm-up ramp " + warmup + " s, measured " + duration + " s per phase, value " + payload
                        + " bytes, datastore " + datastore + (serverArgs.isEmpty() ? "" : " " + serverArgs) + (updates ? ", creates then updates" : ", creates only") + ", at most " + connections + " connections");
        String value = "x".repeat(payload);
        try (ApiTarget target = ApiTarget.start(datastore, serverArgs); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("server:  " + target.describe());
            HttpClient http = Kubeconfig.read(target.kubeconfig()).httpClient(threads);
            Api api = new Api(Kubeconfig.read(target.kubeconfig()), http);
            api.ensureNamespace(NS);
            if (args.flag("pin")) {
                System.out.println("DIAGNOSTIC: " + target.pin());
            }
            String collection = "/api/v1/namespaces/" + NS + "/configmaps";

            int total = rate * duration + warmupRequests(rate, warmup);
            AtomicLongArray versions = new AtomicLongArray(total);
            Profiler[] profiler = new Profiler[1];
            Runnable startProfile = () -> {
                if (jfr != null && profiler[0] == null) {
                    profiler[0] = Profiler.start(target.serverPid(), Duration.ofSeconds((long) duration * 2 + 120), jfr);
                    pause(2000); // jcmd's own JVM start should not fall into the measured interval
                }
            };
            OpenLoop.Result creates = OpenLoop.run("create", rate, warmup, duration, connections,
                    OpenLoop.http(http, i -> api.request("POST", collection, Api.configMap(NS, "cm-" + i, 0, "\"v\":\"" + value + "\""))),
                    201, (i, body) -> versions.set(i, Api.resourceVersion(body)), target.cpuMeter(), startProfile);
            System.out.print(creates.report(201));
            System.out.flush();

            if (updates) {
                OpenLoop.Result updated = OpenLoop.run("update", rate, warmup, duration, connections,
                        OpenLoop.http(http, i -> api.request("PUT", collection + "/cm-" + i,
                                Api.configMap(NS, "cm-" + i, versions.get(i), "\"v\":\"" + value + "\",\"u\":\"" + i + "\""))),
                        200, (i, body) -> { }, target.cpuMeter(), () -> { });
                System.out.print(updated.report(200));
            }
            if (profiler[0] != null) {
                System.out.println("server profile (JFR, measured intervals) in " + jfr + ":");
                System.out.print(profiler[0].stopAndSummarise(20));
            }
            System.out.print(Report.problems(target.serverLog(), 10));
        }
    }
}
