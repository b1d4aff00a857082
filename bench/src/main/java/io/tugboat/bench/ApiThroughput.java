package io.tugboat.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Closed-loop API write throughput: {@code --writers} concurrent clients, each creating a ConfigMap and
 * then updating it with the resourceVersion the create returned, as fast as the server answers. Tells the
 * ceiling that the open-loop {@code api-writes} run sits under, for either datastore.
 *
 * <pre>bench/run api-throughput [--datastore sqlite|etcd] [--writers 16] [--seconds 20] [--warmup 20] [--payload 64]</pre>
 */
public final class ApiThroughput {
    private static final Set<String> OPTIONS = Set.of("datastore", "writers", "seconds", "warmup", "payload");

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        String datastore = args.string("datastore", "sqlite");
        int writers = args.integer("writers", 16);
        int seconds = args.integer("seconds", 20);
        int warmup = args.integer("warmup", 20);
        int payload = args.integer("payload", 64);
        Report.header("api-throughput: closed-loop ConfigMap create+update over HTTPS",
                writers + " concurrent writers, " + warmup + " s warm-up, " + seconds + " s measured, value " + payload
                        + " bytes, datastore " + datastore);
        try (ApiTarget target = ApiTarget.start(datastore); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("server:  " + target.describe());
            Kubeconfig config = Kubeconfig.read(target.kubeconfig());
            HttpClient http = config.httpClient(threads);
            Api api = new Api(config, http);
            System.out.println("  " + phase("warm-up", api, writers, warmup, payload, "w", target.cpuMeter()).line());
            System.out.println("  " + phase("measured", api, writers, seconds, payload, "m", target.cpuMeter()).line());
            System.out.print(Report.problems(target.serverLog(), 10));
        }
    }

    /** Creates namespace bench and runs create+update pairs; names are {@code cm-<tag>-<writer>-<i>}. */
    static ClosedLoop.Result phase(String name, Api api, int writers, int seconds, int payload, String tag, CpuMeter cpu)
            throws InterruptedException {
        api.ensureNamespace("bench");
        String collection = "/api/v1/namespaces/bench/configmaps";
        String value = "\"v\":\"" + "x".repeat(payload) + "\"";
        return ClosedLoop.run(name, writers, seconds, (writer, i, ops) -> {
            String cm = "cm-" + tag + "-" + writer + "-" + i;
            long t0 = System.nanoTime();
            HttpResponse<String> created = api.http().send(api.request("POST", collection, Api.configMap("bench", cm, 0, value)),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("create answered " + created.statusCode());
            }
            ops.done(t0);
            long t1 = System.nanoTime();
            HttpResponse<String> updated = api.http().send(api.request("PUT", collection + "/" + cm,
                    Api.configMap("bench", cm, Api.resourceVersion(created.body()), value + ",\"u\":\"1\"")),
                    HttpResponse.BodyHandlers.ofString());
            if (updated.statusCode() != 200) {
                throw new IllegalStateException("update answered " + updated.statusCode());
            }
            ops.done(t1);
        }, cpu);
    }
}
