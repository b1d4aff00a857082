package io.tugboat.bench;

import io.tugboat.testkit.EtcdServer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The server an end-to-end harness drives: a real {@code tug up} on its embedded SQLite store (through
 * {@link NodeCluster}), or a real {@code tug server --datastore etcd://...} over a real etcd. Either way a
 * child JVM with the options {@code ./tug} uses ({@link ServerJvm}), on a loopback port with a temporary data
 * directory, removed by {@link #close}.
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
        return start(datastore, List.of());
    }

    /** {@code serverArgs} go to {@code tug up} or {@code tug server} (e.g. {@code --disable-controllers}). */
    static ApiTarget start(String datastore, List<String> serverArgs) {
        return switch (datastore) {
            case "sqlite" -> Sqlite.start(serverArgs);
            case "etcd" -> Etcd.start(serverArgs);
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

    static boolean isEtcd(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/etcd")).orElse(false);
    }

    /** {@code tug up} on its embedded SQLite store, with its own agent as a node of its own (see NodeCluster). */
    record Sqlite(NodeCluster cluster) implements ApiTarget {
        static Sqlite start(List<String> serverArgs) {
            return new Sqlite(NodeCluster.up(ServerJvm.options(), serverArgs));
        }

        @Override
        public Path kubeconfig() {
            return cluster.kubeconfig();
        }

        @Override
        public long serverPid() {
            return cluster.server().pid();
        }

        @Override
        public CpuMeter cpuMeter() {
            return new CpuMeter().add("server", serverPid()).add("bench", ProcessHandle.current().pid());
        }

        @Override
        public String serverLog() {
            return cluster.server().log();
        }

        @Override
        public String describe() {
            return "tug up (SQLite), pid " + serverPid() + " (" + ServerJvm.describe() + ")";
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** {@code tug server --datastore etcd://127.0.0.1:P} over a fresh single-member etcd. */
    record Etcd(EtcdServer etcd, ServerProcess server, long etcdPid, boolean ownsEtcd) implements ApiTarget {
        static Etcd start(List<String> serverArgs) {
            EtcdServer etcd = EtcdServer.start();
            try {
                return on(etcd, true, serverArgs);
            } catch (RuntimeException | Error e) {
                etcd.close();
                throw e;
            }
        }

        /** A server over an etcd the caller started and keeps (close leaves it running). */
        static Etcd on(EtcdServer etcd) {
            return on(etcd, false, List.of());
        }

        private static Etcd on(EtcdServer etcd, boolean owns, List<String> serverArgs) {
            String hostPort = etcd.clientEndpoint().substring("http://".length());
            List<String> args = new java.util.ArrayList<>(List.of("server", "--datastore", "etcd://" + hostPort));
            args.addAll(serverArgs);
            ServerProcess server = ServerProcess.start(args);
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
                    + " (etcd pid " + etcdPid + "; " + ServerJvm.describe() + ")";
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
