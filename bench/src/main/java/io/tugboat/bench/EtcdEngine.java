package io.tugboat.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.tugboat.store.KeyValue;
import io.tugboat.store.etcd.EtcdStore;
import io.tugboat.store.etcd.EtcdStoreConfig;
import io.tugboat.testkit.EtcdServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Target 2: the etcd engine against raw etcd, in one run on one etcd. Each of {@code --writers} concurrent
 * writers creates a fresh key and then updates it, over and over, with the same payload, as fast as etcd
 * answers:
 * <ul>
 *   <li>raw-put: jetcd puts straight to etcd (the baseline: etcd's plain write throughput);</li>
 *   <li>raw-txn: jetcd transactions shaped exactly as EtcdStore's (compare create/mod revision, then put),
 *       to separate what the compare costs inside etcd from what the engine's Java code costs;</li>
 *   <li>EtcdStore: {@code io.tugboat.store.etcd.EtcdStore.create} and {@code update};</li>
 *   <li>with {@code --api}: ConfigMap create + update through the whole API server, {@code tug server
 *       --datastore etcd://...} in a child JVM on the same etcd, over HTTPS (at least 30 s of warm-up and
 *       20 s measured, since that server JVM starts cold).</li>
 * </ul>
 * The phases alternate for {@code --rounds} rounds after a warm-up of each, so that drift (etcd's growing
 * database, the JIT) touches them alike.
 *
 * <pre>bench/run etcd-engine [--writers 16] [--seconds 10] [--warmup 5] [--rounds 3] [--payload 256] [--api]</pre>
 */
public final class EtcdEngine {
    private static final Set<String> OPTIONS = Set.of("writers", "seconds", "warmup", "rounds", "payload", "api");

    private interface Engine {
        long create(String key) throws Exception;

        void update(String key, long modRevision) throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int writers = args.integer("writers", 16);
        int seconds = args.integer("seconds", 10);
        int warmup = args.integer("warmup", 5);
        int rounds = args.integer("rounds", 3);
        int payloadSize = args.integer("payload", 256);
        boolean api = args.flag("api");
        Report.header("etcd-engine: EtcdStore vs raw jetcd on one etcd",
                writers + " concurrent writers, each: create a fresh key then update it; " + payloadSize + "-byte values; "
                        + rounds + " rounds of " + seconds + " s per phase after " + warmup + " s warm-up each"
                        + (api ? "; plus the API server on etcd" : ""));
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        ByteSequence value = ByteSequence.from(payload);

        try (EtcdServer etcd = EtcdServer.start();
             Client client = Client.builder().endpoints(etcd.clientEndpoint()).build();
             EtcdStore store = new EtcdStore(EtcdStoreConfig.of(List.of(etcd.clientEndpoint())))) {
            long etcdPid = ApiTarget.childPid(ApiTarget::isEtcd);
            System.out.println("etcd:    " + etcd.clientEndpoint() + " pid " + etcdPid + " (" + etcdVersion() + ")");
            KV kv = client.getKVClient();
            Map<String, Engine> engines = new LinkedHashMap<>();
            engines.put("raw-put (jetcd)", new Engine() {
                @Override
                public long create(String key) throws Exception {
                    return kv.put(bytes(key), value).get(10, TimeUnit.SECONDS).getHeader().getRevision();
                }

                @Override
                public void update(String key, long modRevision) throws Exception {
                    kv.put(bytes(key), value).get(10, TimeUnit.SECONDS);
                }
            });
            engines.put("raw-txn (jetcd, CAS)", new Engine() {
                @Override
                public long create(String key) throws Exception {
                    ByteSequence k = bytes(key);
                    TxnResponse r = kv.txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                            .Then(Op.put(k, value, PutOption.DEFAULT)).commit().get(10, TimeUnit.SECONDS);
                    if (!r.isSucceeded()) {
                        throw new IllegalStateException("exists: " + key);
                    }
                    return r.getHeader().getRevision();
                }

                @Override
                public void update(String key, long modRevision) throws Exception {
                    ByteSequence k = bytes(key);
                    TxnResponse r = kv.txn().If(new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0)),
                                    new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision)))
                            .Then(Op.put(k, value, PutOption.builder().withPrevKV().build()))
                            .Else(Op.get(k, GetOption.DEFAULT)).commit().get(10, TimeUnit.SECONDS);
                    if (!r.isSucceeded()) {
                        throw new IllegalStateException("conflict: " + key);
                    }
                }
            });
            engines.put("EtcdStore", new Engine() {
                @Override
                public long create(String key) {
                    return store.create(key, payload).modRevision();
                }

                @Override
                public void update(String key, long modRevision) {
                    KeyValue kvUpdated = store.update(key, payload, modRevision);
                    if (kvUpdated.modRevision() <= modRevision) {
                        throw new IllegalStateException("update did not advance the revision");
                    }
                }
            });

            CpuMeter cpu = new CpuMeter().add("bench", ProcessHandle.current().pid()).add("etcd", etcdPid);
            Map<String, List<ClosedLoop.Result>> results = new LinkedHashMap<>();
            for (var e : engines.entrySet()) {
                ClosedLoop.Result r = phase(e.getKey() + " warm-up", writers, warmup, "/bench/warm/" + slug(e.getKey()), e.getValue(), cpu);
                System.out.println("  " + r.line());
                results.put(e.getKey(), new ArrayList<>());
            }
            for (int round = 1; round <= rounds; round++) {
                for (var e : engines.entrySet()) {
                    ClosedLoop.Result r = phase(e.getKey() + " r" + round, writers, seconds,
                            "/bench/r" + round + "/" + slug(e.getKey()), e.getValue(), cpu);
                    System.out.println("  " + r.line());
                    results.get(e.getKey()).add(r);
                }
            }
            System.out.println("totals over " + rounds + " rounds:");
            Map<String, Double> rates = new LinkedHashMap<>();
            results.forEach((name, list) -> {
                long ops = list.stream().mapToLong(ClosedLoop.Result::ops).sum();
                double secs = list.stream().mapToDouble(ClosedLoop.Result::seconds).sum();
                rates.put(name, ops / secs);
                System.out.printf(Locale.ROOT, "  %-22s %8.0f ops/s%n", name, ops / secs);
            });
            double raw = rates.get("raw-put (jetcd)");
            System.out.printf(Locale.ROOT, "EtcdStore / raw-put = %.1f%%   EtcdStore / raw-txn = %.1f%%   raw-txn / raw-put = %.1f%%   (target: EtcdStore >= 70%% of raw)%n",
                    100 * rates.get("EtcdStore") / raw, 100 * rates.get("EtcdStore") / rates.get("raw-txn (jetcd, CAS)"),
                    100 * rates.get("raw-txn (jetcd, CAS)") / raw);

            if (api) {
                apiPhase(etcd, writers, seconds, warmup, payloadSize, raw);
            }
        }
    }

    private static void apiPhase(EtcdServer etcd, int writers, int seconds, int warmup, int payloadSize, double raw) throws Exception {
        try (ApiTarget.Etcd target = ApiTarget.Etcd.on(etcd); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("api:     " + target.describe());
            Kubeconfig config = Kubeconfig.read(target.kubeconfig());
            HttpClient http = config.httpClient(threads);
            Api client = new Api(config, http);
            // a fresh server JVM: give its JIT the time the api-writes harness gives it
            ClosedLoop.Result warm = ApiThroughput.phase("API on etcd warm-up", client, writers, Math.max(warmup, 30), payloadSize, "w", target.cpuMeter());
            System.out.println("  " + warm.line());
            ClosedLoop.Result r = ApiThroughput.phase("API on etcd", client, writers, Math.max(seconds, 20), payloadSize, "m", target.cpuMeter());
            System.out.println("  " + r.line());
            System.out.printf(Locale.ROOT, "API server on etcd / raw-put = %.1f%% (whole HTTPS path, the server sharing the cores with etcd and the client)%n",
                    100 * r.rate() / raw);
            System.out.print(Report.problems(target.serverLog(), 10));
        }
    }

    private static ClosedLoop.Result phase(String name, int writers, int seconds, String prefix, Engine engine, CpuMeter cpu)
            throws InterruptedException {
        return ClosedLoop.run(name, writers, seconds, (writer, i, ops) -> {
            String key = prefix + "/w" + writer + "/k" + i;
            long t0 = System.nanoTime();
            long rev = engine.create(key);
            ops.done(t0);
            long t1 = System.nanoTime();
            engine.update(key, rev);
            ops.done(t1);
        }, cpu);
    }

    private static ByteSequence bytes(String key) {
        return ByteSequence.from(key, StandardCharsets.UTF_8);
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z]+", "-");
    }

    private static String etcdVersion() {
        try {
            Process p = new ProcessBuilder("etcd", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("etcd");
        } catch (Exception e) {
            return "etcd version unknown";
        }
    }
}
