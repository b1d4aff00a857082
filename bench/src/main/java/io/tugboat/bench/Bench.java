package io.tugboat.bench;

import java.util.Arrays;

/**
 * One entry point for bench/run: {@code bench/run NAME [options]}. Each harness prints its settings, the
 * machine and its figures; see docs/benchmarks.md.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "api-writes" -> ApiWrites.main(rest);
                case "api-throughput" -> ApiThroughput.main(rest);
                case "store-writes" -> StoreWrites.main(rest);
                case "hiccups" -> Hiccups.main(rest);
                case "etcd-engine" -> EtcdEngine.main(rest);
                case "watch-fanout" -> WatchFanout.main(rest);
                case "pod-startup" -> PodStartup.main(rest);
                case "agent-memory" -> AgentMemory.main(rest);
                case "scheduling-throughput" -> SchedulingThroughput.main(rest);
                case "service-forwarding" -> ServiceForwarding.main(rest);
                case "jmh" -> org.openjdk.jmh.Main.main(rest);
                default -> {
                    usage();
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the harness closed its servers on the way out; no thread may keep the JVM alive
        }
        System.exit(0); // jetcd and the HTTP client leave non-daemon threads behind
    }

    private static void usage() {
        System.err.println("""
                usage: bench/run NAME [options]
                  api-writes      open-loop ConfigMap writes over HTTPS at a fixed rate   [--rate 1000 --warmup 10 --duration 30 --datastore sqlite|etcd --no-updates --jfr FILE]
                  api-throughput  closed-loop ConfigMap create+update over HTTPS          [--writers 16 --seconds 20 --warmup 10 --datastore sqlite|etcd]
                  store-writes    the api-writes schedule straight into the store, no HTTP [--rate 1000 --warmup 20 --duration 30 --datastore sqlite|etcd]
                  etcd-engine     EtcdStore vs raw jetcd on one etcd                     [--writers 16 --seconds 10 --warmup 5 --rounds 3 --payload 256 --api]
                  watch-fanout    many HTTP watchers, one writer                         [--watchers 1000 --events 200 --rate 20 --datastore sqlite|etcd --jfr FILE]
                  pod-startup     pods created open-loop on a real tug up node, create -> Running [--rate 20 --duration 30 --warmup 10 --lifetime 4 --scheduled --jfr FILE --log FILE]
                  agent-memory    RSS of a separate tug agent JVM with 100 pods, per JVM option set [--pods 100 --probes 10 --settle 30 --variants "NAME:OPTS;..." --nmt]
                  scheduling-throughput pods bound per second through a tug server with simulated nodes, and the binding ceiling [--nodes 100 --pods 10000 --writers 16 --rate 0 --no-ceiling --no-e2e --jfr FILE --max-wait 900]
                  service-forwarding  iperf3 and echo latency through a cluster IP vs the pod IP vs HAProxy (root) [--rounds 3 --seconds 10 --parallel 4 --rr 5000 --connects 1000 --haproxy-threads 1 --log FILE]
                  hiccups         the machine's own scheduling hiccups (1 ms sleep loop)   [--seconds 30 --threads 1]
                  jmh [JMH options] JMH microbenchmarks: SqliteStoreBench, WatchDispatchBench, SchedulerBench, WriteBookkeepingBench (e.g. jmh SqliteStoreBench -t 16)""");
    }
}
