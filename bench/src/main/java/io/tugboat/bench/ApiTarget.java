package io.tugboat.bench;

import io.tugboat.testkit.EtcdServer;
import io.tugboat.testkit.TugCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The server an end-to-end harness drives: a real {@code tug up} on its embedded SQLite store (through
 * {@link TugCluster}), or a real {@code tug server --datastore etcd://...} over a real etcd. Either way a
 * child JVM on a loopback port with a temporary data directory, removed by {@link #close}.
 */
public sealed interface ApiTarget extends AutoCloseable {

    Path kubeconfig();

    /** Processes whose CPU time the figures report, by name. */
    CpuMeter cpuMeter();

    /** The pid of the API server JVM. */
    long serverPid();

    String serverLog();

    String describe();

    @Override
    void close();

    static ApiTarget start(String datastore) {
        return switch (datastore) {
            case "sqlite" -> Sqlite.start();
            case "etcd" -> Etcd.start();
            default -> throw new IllegalArgumentException("--datastore must be sqlite or etcd, not " + datastore);
        };
    }

    /**
     * Diagnostic: pins the server JVM (every thread) to the last CPU and this JVM to the others with
     * taskset, so that the load generator and the server stop competing for the same cores. Returns what
     * was done, for the report.
     */
    default String pin() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            return "not pinned: fewer than 2 CPUs";
        }
        String server = Integer.toString(cpus - 1);
        String bench = cpus == 2 ? "0" : "0-" + (cpus - 2);
        taskset(server, serverPid());
        taskset(bench, ProcessHandle.current().pid());
        return "pinned with taskset: server on CPU " + server + ", load generator on CPU " + bench;
    }

    private static void taskset(String cpus, long pid) {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-pc", cpus, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("taskset " + cpus + " " + pid + " failed");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run taskset (util-linux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long childPid(Predicate<ProcessHandle> which) {
        return ProcessHandle.current().descendants().filter(which).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    /** TugCluster's child: the only JVM this harness starts besides ServerProcess, whose pid it knows. */
    static boolean isTug(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    static boolean isEtcd(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/etcd")).orElse(false);
    }

    /** {@code tug up} through the testkit's TugCluster. */
    record Sqlite(TugCluster cluster, long serverPid) implements ApiTarget {
        static Sqlite start() {
            TugCluster cluster = TugCluster.start();
            return new Sqlite(cluster, childPid(ApiTarget::isTug));
        }

        @Override
        public Path kubeconfig() {
            return cluster.kubeconfig();
        }

        @Override
        public CpuMeter cpuMeter() {
            return new CpuMeter().add("server", serverPid).add("bench", ProcessHandle.current().pid());
        }

        @Override
        public String serverLog() {
            return cluster.serverLog();
        }

        @Override
        public String describe() {
            return "tug up (SQLite) at " + cluster.url() + ", pid " + serverPid;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** {@code tug server --datastore etcd://127.0.0.1:P} over a fresh single-member etcd. */
    record Etcd(EtcdServer etcd, ServerProcess server, long etcdPid, boolean ownsEtcd) implements ApiTarget {
        static Etcd start() {
            EtcdServer etcd = EtcdServer.start();
            try {
                return on(etcd, true);
            } catch (RuntimeException | Error e) {
                etcd.close();
                throw e;
            }
        }

        /** A server over an etcd the caller started and keeps (close leaves it running). */
        static Etcd on(EtcdServer etcd) {
            return on(etcd, false);
        }

        private static Etcd on(EtcdServer etcd, boolean owns) {
            String hostPort = etcd.clientEndpoint().substring("http://".length());
            ServerProcess server = ServerProcess.start(List.of("server", "--datastore", "etcd://" + hostPort));
            return new Etcd(etcd, server, childPid(ApiTarget::isEtcd), owns);
        }

        @Override
        public Path kubeconfig() {
            return server.kubeconfig();
        }

        @Override
        public long serverPid() {
            return server.pid();
        }

        @Override
        public CpuMeter cpuMeter() {
            return new CpuMeter().add("server", server.pid()).add("etcd", etcdPid)
                    .add("bench", ProcessHandle.current().pid());
        }

        @Override
        public String serverLog() {
            return server.log();
        }

        @Override
        public String describe() {
            return "tug server --datastore etcd://" + etcd.clientEndpoint().substring(7) + ", pid " + server.pid()
                    + " (etcd pid " + etcdPid + ")";
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                if (ownsEtcd) {
                    etcd.close();
                }
            }
        }
    }
}
