package io.tugboat.scheduler.testing;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built pods for scheduler tests: {@code pod("web-1").cpu("500m").label("app", "web").build()}. */
public final class Pods {

    private final String name;
    private String namespace = "default";
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Quantity> requests = new LinkedHashMap<>();
    private final List<Map<String, Quantity>> initRequests = new ArrayList<>();
    private Map<String, Quantity> overhead;
    private final List<Integer> hostPorts = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private final List<NodeSelectorTerm> requiredNodeTerms = new ArrayList<>();
    private final List<PreferredSchedulingTerm> preferredNodeTerms = new ArrayList<>();
    private final List<PodAffinityTerm> affinity = new ArrayList<>();
    private final List<PodAffinityTerm> antiAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAntiAffinity = new ArrayList<>();
    private final List<TopologySpreadConstraint> spread = new ArrayList<>();
    private Integer priority;
    private String preemptionPolicy;
    private String nodeName;
    private String startTime;

    private Pods(String name) {
        this.name = name;
    }

    public static Pods pod(String name) {
        return new Pods(name);
    }

    public Pods namespace(String ns) {
        this.namespace = ns;
        return this;
    }

    public Pods label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public Pods cpu(String cpu) {
        requests.put("cpu", new Quantity(cpu));
        return this;
    }

    public Pods memory(String memory) {
        requests.put("memory", new Quantity(memory));
        return this;
    }

    public Pods request(String resource, String amount) {
        requests.put(resource, new Quantity(amount));
        return this;
    }

    public Pods initContainer(String cpu, String memory) {
        initRequests.add(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)));
        return this;
    }

    public Pods overhead(String cpu, String memory) {
        overhead = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory));
        return this;
    }

    public Pods hostPort(int port) {
        hostPorts.add(port);
        return this;
    }

    public Pods tolerate(String key, String operator, String value, String effect) {
        tolerations.add(new Toleration(effect, key, operator, null, value));
        return this;
    }

    public Pods nodeSelector(String key, String value) {
        nodeSelector.put(key, value);
        return this;
    }

    /** A required node affinity term with one expression, e.g. {@code ("disk", "In", "ssd")}. */
    public Pods requireNode(String key, String operator, String... values) {
        requiredNodeTerms.add(new NodeSelectorTerm(List.of(new NodeSelectorRequirement(key, operator, List.of(values))), null));
        return this;
    }

    public Pods requireNodeName(String... names) {
        requiredNodeTerms.add(new NodeSelectorTerm(null, List.of(new NodeSelectorRequirement("metadata.name", "In", List.of(names)))));
        return this;
    }

    public Pods preferNode(int weight, String key, String operator, String... values) {
        preferredNodeTerms.add(new PreferredSchedulingTerm(
                new NodeSelectorTerm(List.of(new NodeSelectorRequirement(key, operator, List.of(values))), null), weight));
        return this;
    }

    public Pods affinity(String topologyKey, String labelKey, String labelValue) {
        affinity.add(term(topologyKey, labelKey, labelValue));
        return this;
    }

    public Pods antiAffinity(String topologyKey, String labelKey, String labelValue) {
        antiAffinity.add(term(topologyKey, labelKey, labelValue));
        return this;
    }

    public Pods antiAffinityTerm(PodAffinityTerm t) {
        antiAffinity.add(t);
        return this;
    }

    public Pods preferAffinity(int weight, String topologyKey, String labelKey, String labelValue) {
        preferredAffinity.add(new WeightedPodAffinityTerm(term(topologyKey, labelKey, labelValue), weight));
        return this;
    }

    public Pods preferAntiAffinity(int weight, String topologyKey, String labelKey, String labelValue) {
        preferredAntiAffinity.add(new WeightedPodAffinityTerm(term(topologyKey, labelKey, labelValue), weight));
        return this;
    }

    public static PodAffinityTerm term(String topologyKey, String labelKey, String labelValue) {
        PodAffinityTerm t = new PodAffinityTerm();
        t.setTopologyKey(topologyKey);
        t.setLabelSelector(new LabelSelectorBuilder().addToMatchLabels(labelKey, labelValue).build());
        return t;
    }

    public Pods spread(int maxSkew, String topologyKey, String whenUnsatisfiable, String labelKey, String labelValue) {
        TopologySpreadConstraint c = new TopologySpreadConstraint();
        c.setMaxSkew(maxSkew);
        c.setTopologyKey(topologyKey);
        c.setWhenUnsatisfiable(whenUnsatisfiable);
        c.setLabelSelector(new LabelSelectorBuilder().addToMatchLabels(labelKey, labelValue).build());
        spread.add(c);
        return this;
    }

    public Pods spreadConstraint(TopologySpreadConstraint c) {
        spread.add(c);
        return this;
    }

    public Pods priority(int p) {
        this.priority = p;
        return this;
    }

    public Pods preemptionPolicy(String policy) {
        this.preemptionPolicy = policy;
        return this;
    }

    public Pods onNode(String node) {
        this.nodeName = node;
        return this;
    }

    public Pods startedAt(String rfc3339) {
        this.startTime = rfc3339;
        return this;
    }

    public Pod build() {
        var container = new ContainerBuilder().withName("main").withImage("busybox")
                .withNewResources().withRequests(new LinkedHashMap<>(requests)).endResources();
        for (int p : hostPorts) {
            container.addToPorts(new ContainerPortBuilder().withContainerPort(p).withHostPort(p).build());
        }
        List<io.fabric8.kubernetes.api.model.Container> inits = new ArrayList<>();
        for (int i = 0; i < initRequests.size(); i++) {
            inits.add(new ContainerBuilder().withName("init-" + i).withImage("busybox")
                    .withNewResources().withRequests(new LinkedHashMap<>(initRequests.get(i))).endResources().build());
        }
        Affinity a = null;
        if (!requiredNodeTerms.isEmpty() || !preferredNodeTerms.isEmpty() || !affinity.isEmpty() || !antiAffinity.isEmpty()
                || !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty()) {
            a = new Affinity();
            if (!requiredNodeTerms.isEmpty() || !preferredNodeTerms.isEmpty()) {
                NodeAffinity na = new NodeAffinity();
                if (!requiredNodeTerms.isEmpty()) {
                    na.setRequiredDuringSchedulingIgnoredDuringExecution(new io.fabric8.kubernetes.api.model.NodeSelector(requiredNodeTerms));
                }
                na.setPreferredDuringSchedulingIgnoredDuringExecution(preferredNodeTerms.isEmpty() ? null : preferredNodeTerms);
                a.setNodeAffinity(na);
            }
            if (!affinity.isEmpty() || !preferredAffinity.isEmpty()) {
                a.setPodAffinity(new PodAffinity(preferredAffinity.isEmpty() ? null : preferredAffinity, affinity.isEmpty() ? null : affinity));
            }
            if (!antiAffinity.isEmpty() || !preferredAntiAffinity.isEmpty()) {
                a.setPodAntiAffinity(new PodAntiAffinity(preferredAntiAffinity.isEmpty() ? null : preferredAntiAffinity,
                        antiAffinity.isEmpty() ? null : antiAffinity));
            }
        }
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(new LinkedHashMap<>(labels)).endMetadata()
                .withNewSpec()
                .withContainers(container.build())
                .withInitContainers(inits)
                .withOverhead(overhead)
                .withTolerations(new ArrayList<>(tolerations))
                .withNodeSelector(nodeSelector.isEmpty() ? null : new LinkedHashMap<>(nodeSelector))
                .withAffinity(a)
                .withTopologySpreadConstraints(spread.isEmpty() ? null : new ArrayList<>(spread))
                .withPriority(priority)
                .withPreemptionPolicy(preemptionPolicy)
                .withNodeName(nodeName)
                .endSpec()
                .withNewStatus().withStartTime(startTime).endStatus()
                .build();
    }
}
