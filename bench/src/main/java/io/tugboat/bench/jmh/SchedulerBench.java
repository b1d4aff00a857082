package io.tugboat.bench.jmh;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.tugboat.scheduler.Profile;
import io.tugboat.scheduler.ScheduleResult;
import io.tugboat.scheduler.Scheduler;
import io.tugboat.scheduler.snapshot.ClusterSnapshot;
import io.tugboat.scheduler.snapshot.PodInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Pure placement throughput of the scheduler library: 5,000 simulated nodes in 4 zones (a few labels, 5% with
 * a NoSchedule taint, 10% with a PreferNoSchedule one), then 10,000 pods from 200 Deployments of 50 replicas
 * placed one after another, each placement applied to the snapshot before the next pod (as the scheduling loop
 * does). In {@code mixed}, a tenth of the Deployments carry required hostname anti-affinity, a tenth a
 * DoNotSchedule zone spread constraint, a tenth a ScheduleAnyway one, and a twentieth a nodeSelector. The score
 * is pods per second (one operation = one pod: PodInfo.of, schedule, withPod).
 *
 * <pre>bench/run jmh SchedulerBench -f1 -wi 1 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class SchedulerBench {

    static final int NODES = 5_000;
    static final int DEPLOYMENTS = 200;
    static final int REPLICAS = 50;
    static final int PODS = DEPLOYMENTS * REPLICAS;
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String HOST = "kubernetes.io/hostname";

    @Param({"plain", "mixed"})
    public String workload;

    private ClusterSnapshot empty;
    private List<Pod> pods;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() {
        empty = ClusterSnapshot.builder().nodes(nodes()).build();
        pods = pods(workload.equals("mixed"));
    }

    @Benchmark
    @OperationsPerInvocation(PODS)
    public int placeAll() {
        Scheduler scheduler = new Scheduler(Profile.defaults(), new SplittableRandom(seed++));
        ClusterSnapshot snapshot = empty;
        int placed = 0;
        for (Pod pod : pods) {
            PodInfo info = PodInfo.of(pod);
            if (scheduler.schedule(info, snapshot) instanceof ScheduleResult.Placed p) {
                snapshot = snapshot.withPod(info, p.nodeName());
                placed++;
            }
        }
        if (placed != PODS) {
            throw new IllegalStateException("only " + placed + " of " + PODS + " pods placed");
        }
        return placed;
    }

    static List<Node> nodes() {
        List<Node> out = new ArrayList<>(NODES);
        Map<String, Quantity> alloc = Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
                "pods", new Quantity("110"), "ephemeral-storage", new Quantity("200Gi"));
        for (int i = 0; i < NODES; i++) {
            String name = "node-" + i;
            Map<String, String> labels = new HashMap<>();
            labels.put(HOST, name);
            labels.put(ZONE, "zone-" + (char) ('a' + i % 4));
            labels.put("topology.kubernetes.io/region", "region-1");
            labels.put("disk", i % 3 == 0 ? "ssd" : "hdd");
            labels.put("node.kubernetes.io/instance-type", i % 2 == 0 ? "m5.4xlarge" : "r5.4xlarge");
            List<Taint> taints = new ArrayList<>();
            if (i % 20 == 7) {
                taints.add(new Taint("NoSchedule", "dedicated", null, "gpu"));
            }
            if (i % 10 == 3) {
                taints.add(new Taint("PreferNoSchedule", "spot", null, "true"));
            }
            out.add(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                    .withNewSpec().withTaints(taints).endSpec()
                    .withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus().build());
        }
        return out;
    }

    static List<Pod> pods(boolean mixed) {
        SplittableRandom rnd = new SplittableRandom(2024);
        List<Pod> out = new ArrayList<>(PODS);
        for (int d = 0; d < DEPLOYMENTS; d++) {
            String app = "app-" + d;
            String cpu = (100 + rnd.nextInt(10) * 100) + "m";
            String memory = (128 << rnd.nextInt(5)) + "Mi";
            int kind = mixed ? d % 20 : -1;
            for (int r = 0; r < REPLICAS; r++) {
                PodBuilder b = new PodBuilder()
                        .withNewMetadata().withName(app + "-" + r).withNamespace("ns-" + (d % 10))
                        .addToLabels("app", app).addToLabels("pod-template-hash", "h" + d).endMetadata()
                        .withNewSpec()
                        .withContainers(new ContainerBuilder().withName("main").withImage("app")
                                .withNewResources().addToRequests("cpu", new Quantity(cpu))
                                .addToRequests("memory", new Quantity(memory)).endResources().build())
                        .endSpec();
                if (d % 7 == 0) {
                    b.editSpec().addToTolerations(new Toleration("NoSchedule", "dedicated", "Equal", null, "gpu")).endSpec();
                }
                switch (kind) {
                    case 0, 1 -> b.editSpec().withNewAffinity()
                            .withPodAntiAffinity(new PodAntiAffinity(null, List.of(term(HOST, app)))).endAffinity().endSpec();
                    case 2, 3 -> b.editSpec().withTopologySpreadConstraints(spread(ZONE, app, "DoNotSchedule")).endSpec();
                    case 4, 5 -> b.editSpec().withTopologySpreadConstraints(spread(ZONE, app, "ScheduleAnyway")).endSpec();
                    case 6 -> b.editSpec().addToNodeSelector("disk", "ssd").endSpec();
                    default -> { }
                }
                out.add(b.build());
            }
        }
        return out;
    }

    private static PodAffinityTerm term(String topologyKey, String app) {
        PodAffinityTerm t = new PodAffinityTerm();
        t.setTopologyKey(topologyKey);
        t.setLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build());
        return t;
    }

    private static TopologySpreadConstraint spread(String key, String app, String when) {
        TopologySpreadConstraint c = new TopologySpreadConstraint();
        c.setMaxSkew(1);
        c.setTopologyKey(key);
        c.setWhenUnsatisfiable(when);
        c.setLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", app).build());
        return c;
    }
}
