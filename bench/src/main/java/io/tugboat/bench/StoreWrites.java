package io.tugboat.bench;

import io.tugboat.store.Store;
import io.tugboat.store.etcd.EtcdStore;
import io.tugboat.store.etcd.EtcdStoreConfig;
import io.tugboat.store.sqlite.SqliteStore;
import io.tugboat.testkit.EtcdServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The store alone under the api-writes schedule: the same open-loop creates then updates at a fixed rate,
 * straight into SqliteStore (or EtcdStore on a fresh etcd) in this JVM, with no HTTP, TLS or API server.
 * Tells how much of api-writes' latency the store itself accounts for.
 *
 * <pre>bench/run store-writes [--rate 1000] [--warmup 20] [--duration 30] [--datastore sqlite|etcd]</pre>
 */
public final class StoreWrites {
    private static final Set<String> OPTIONS = Set.of("rate", "warmup", "duration", "datastore", "concurrency");

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, OPTIONS);
        int rate = args.integer("rate", 1000);
        int warmup = args.integer("warmup", 20);
        int duration = args.integer("duration", 30);
        int concurrency = args.integer("concurrency", 32);
        String datastore = args.string("datastore", "sqlite");
        Report.header("store-writes: open-loop writes straight into the store (no HTTP)",
                "rate " + rate + "/s, warm-up ramp " + warmup + " s, measured " + duration + " s per phase, ~400-byte values, datastore "
                        + datastore + ", at most " + concurrency + " writes in flight");
        // about what the API server stores for a small ConfigMap
        byte[] value = ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"namespace\":\"bench\","
                + "\"uid\":\"6f1c1f5e-2b1e-4c55-9a8e-3f1f0a1b2c3d\",\"creationTimestamp\":\"2026-11-24T12:00:00Z\","
                + "\"managedFields\":[{\"manager\":\"bench\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-11-24T12:00:00Z\","
                + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\".\":{},\"f:v\":{}}}}]},\"data\":{\"v\":\""
                + "x".repeat(64) + "\"}}").getBytes(StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("tugboat-bench-store-");
        EtcdServer etcd = null;
        try {
            Store store;
            CpuMeter cpu = new CpuMeter().add("bench+store", ProcessHandle.current().pid());
            if (datastore.equals("etcd")) {
                etcd = EtcdServer.start();
                store = new EtcdStore(EtcdStoreConfig.of(List.of(etcd.clientEndpoint())));
                cpu.add("etcd", ApiTarget.childPid(ApiTarget::isEtcd));
            } else if (datastore.equals("sqlite")) {
                store = new SqliteStore(dir.resolve("state.db"));
            } else {
                throw new IllegalArgumentException("--datastore must be sqlite or etcd");
            }
            try (store) {
                int total = rate * duration + rate * (warmup + 1) / 2 + rate;
                AtomicLongArray revisions = new AtomicLongArray(total);
                String prefix = "/registry/core/configmaps/bench/cm-";
                OpenLoop.Result creates = OpenLoop.run("create", rate, warmup, duration, concurrency,
                        i -> () -> {
                            revisions.set(i, store.create(prefix + i, value).modRevision());
                            return new OpenLoop.Outcome(200, "");
                        }, 200, (i, body) -> { }, cpu, () -> { });
                System.out.print(creates.report(200));
                OpenLoop.Result updates = OpenLoop.run("update", rate, warmup, duration, concurrency,
                        i -> () -> {
                            store.update(prefix + i, value, revisions.get(i));
                            return new OpenLoop.Outcome(200, "");
                        }, 200, (i, body) -> { }, cpu, () -> { });
                System.out.print(updates.report(200));
            }
        } finally {
            if (etcd != null) {
                etcd.close();
            }
            ServerProcess.deleteTree(dir);
        }
    }
}
