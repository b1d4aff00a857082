package io.tugboat.scheduler.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built nodes for scheduler tests, in the manner of Nomad's harness: {@code nodes(5).withCpu("4").build()}
 * makes node-0..node-4 with 4 cpu, 16Gi memory, 110 pods and a hostname label.
 */
public final class Nodes {

    private final String prefix;
    private final int count;
    private final Map<String, String> allocatable = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private boolean unschedulable;
    private String zoneKey;
    private int zones;

    private Nodes(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
        allocatable.put("cpu", "4");
        allocatable.put("memory", "16Gi");
        allocatable.put("pods", "110");
        allocatable.put("ephemeral-storage", "100Gi");
    }

    public static Nodes nodes(int count) {
        return new Nodes("node-", count);
    }

    public static Nodes node(String name) {
        return new Nodes(name, 1);
    }

    public Nodes withCpu(String cpu) {
        allocatable.put("cpu", cpu);
        return this;
    }

    public Nodes withMemory(String memory) {
        allocatable.put("memory", memory);
        return this;
    }

    public Nodes withPods(int pods) {
        allocatable.put("pods", Integer.toString(pods));
        return this;
    }

    public Nodes withResource(String name, String amount) {
        allocatable.put(name, amount);
        return this;
    }

    public Nodes withLabel(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public Nodes withTaint(String key, String value, String effect) {
        taints.add(new Taint(effect, key, null, value));
        return this;
    }

    public Nodes unschedulable() {
        unschedulable = true;
        return this;
    }

    /** Spreads the nodes over {@code n} zones (zone-a, zone-b, ...) round-robin. */
    public Nodes inZones(int n) {
        zoneKey = "topology.kubernetes.io/zone";
        zones = n;
        return this;
    }

    public List<Node> build() {
        List<Node> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = count == 1 && !prefix.endsWith("-") ? prefix : prefix + i;
            Map<String, String> l = new HashMap<>(labels);
            l.put("kubernetes.io/hostname", name);
            if (zoneKey != null) {
                l.put(zoneKey, "zone-" + (char) ('a' + i % zones));
            }
            Map<String, Quantity> alloc = new LinkedHashMap<>();
            allocatable.forEach((k, v) -> alloc.put(k, new Quantity(v)));
            out.add(new NodeBuilder()
                    .withNewMetadata().withName(name).withLabels(l).endMetadata()
                    .withNewSpec().withUnschedulable(unschedulable ? Boolean.TRUE : null).withTaints(new ArrayList<>(taints)).endSpec()
                    .withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus()
                    .build());
        }
        return out;
    }

    public Node one() {
        return build().get(0);
    }
}
