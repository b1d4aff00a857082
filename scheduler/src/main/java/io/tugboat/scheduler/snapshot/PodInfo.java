package io.tugboat.scheduler.snapshot;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.tugboat.scheduler.snapshot.AffinityTerm.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the scheduler reads from a pod, computed once: resource requests (init-container max rule,
 * sidecars, overhead), the non-zero requests used for scoring, host ports, tolerations and compiled
 * node/pod affinity and spread constraints. Immutable; build with {@link #of(Pod)}.
 */
public final class PodInfo {

    /** kube-scheduler's defaults for a container that requests nothing, used only for scoring. */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private final Pod pod;
    private final String namespace;
    private final String name;
    private final String key;
    private final Map<String, String> labels;
    private final int priority;
    private final boolean preemptionNever;
    private final boolean terminating;
    private final Instant startTime;
    private final Resources requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<HostPort> hostPorts;
    private final List<Toleration> tolerations;
    private final RequiredNodeAffinity requiredNodeAffinity;
    private final List<PreferredNodeTerm> preferredNodeTerms;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;
    private final List<SpreadConstraint> spreadConstraints;

    private PodInfo(Pod pod) {
        this.pod = pod;
        var meta = pod.getMetadata();
        this.namespace = meta.getNamespace() == null ? "default" : meta.getNamespace();
        this.name = meta.getName();
        this.key = namespace + "/" + name;
        this.labels = meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels());
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        this.priority = spec.getPriority() == null ? 0 : spec.getPriority();
        this.preemptionNever = "Never".equals(spec.getPreemptionPolicy());
        this.terminating = meta.getDeletionTimestamp() != null;
        this.startTime = parseTime(pod.getStatus() != null && pod.getStatus().getStartTime() != null
                ? pod.getStatus().getStartTime() : meta.getCreationTimestamp());
        Map<Container, Map<String, Long>> parsed = new java.util.IdentityHashMap<>();
        this.requests = requests(spec, false, parsed);
        Resources nonZero = requests(spec, true, parsed);
        this.nonZeroMilliCpu = nonZero.milliCpu();
        this.nonZeroMemory = nonZero.memory();
        this.hostPorts = hostPorts(spec);
        this.tolerations = spec.getTolerations() == null ? List.of() : List.copyOf(spec.getTolerations());
        this.requiredNodeAffinity = RequiredNodeAffinity.of(spec);
        Affinity a = spec.getAffinity();
        List<PreferredNodeTerm> preferredNodes = new ArrayList<>();
        if (a != null && a.getNodeAffinity() != null && a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
            for (var p : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()) {
                if (p.getPreference() != null && p.getWeight() != null && p.getWeight() != 0) {
                    preferredNodes.add(new PreferredNodeTerm(p.getWeight(), NodeSelectorTerm.of(p.getPreference())));
                }
            }
        }
        this.preferredNodeTerms = List.copyOf(preferredNodes);
        var pa = a == null ? null : a.getPodAffinity();
        var anti = a == null ? null : a.getPodAntiAffinity();
        this.requiredAffinity = terms(Kind.REQUIRED_AFFINITY, pa == null ? null : pa.getRequiredDuringSchedulingIgnoredDuringExecution());
        this.requiredAntiAffinity = terms(Kind.REQUIRED_ANTI_AFFINITY, anti == null ? null : anti.getRequiredDuringSchedulingIgnoredDuringExecution());
        this.preferredAffinity = weighted(Kind.PREFERRED_AFFINITY, pa == null ? null : pa.getPreferredDuringSchedulingIgnoredDuringExecution());
        this.preferredAntiAffinity = weighted(Kind.PREFERRED_ANTI_AFFINITY, anti == null ? null : anti.getPreferredDuringSchedulingIgnoredDuringExecution());
        List<SpreadConstraint> spread = new ArrayList<>();
        if (spec.getTopologySpreadConstraints() != null) {
            for (TopologySpreadConstraint c : spec.getTopologySpreadConstraints()) {
                spread.add(SpreadConstraint.of(c, labels));
            }
        }
        this.spreadConstraints = List.copyOf(spread);
    }

    public static PodInfo of(Pod pod) {
        if (pod == null || pod.getMetadata() == null || pod.getMetadata().getName() == null) {
            throw new IllegalArgumentException("a pod to schedule needs metadata.name");
        }
        return new PodInfo(pod);
    }

    private List<AffinityTerm> terms(Kind kind, List<PodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (PodAffinityTerm t : terms) {
            out.add(AffinityTerm.of(kind, 1, t, namespace, labels));
        }
        return List.copyOf(out);
    }

    private List<AffinityTerm> weighted(Kind kind, List<WeightedPodAffinityTerm> terms) {
        if (terms == null || terms.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>(terms.size());
        for (WeightedPodAffinityTerm t : terms) {
            if (t.getPodAffinityTerm() != null && t.getWeight() != null && t.getWeight() != 0) {
                out.add(AffinityTerm.of(kind, t.getWeight(), t.getPodAffinityTerm(), namespace, labels));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Kubernetes' PodRequests: containers summed; each init container runs alone (plus the sidecars started
     * before it), so the pod needs the max of that and the sum; overhead on top. With {@code nonZero}, a
     * container that names no cpu or memory request counts the scheduler's defaults (scoring only).
     * Quantities are parsed once per container ({@code parsed}) and shared by both passes.
     */
    private static Resources requests(PodSpec spec, boolean nonZero, Map<Container, Map<String, Long>> parsed) {
        Map<String, Long> sum = new HashMap<>();
        if (spec.getContainers() != null) {
            for (Container c : spec.getContainers()) {
                add(sum, containerRequests(c, nonZero, parsed));
            }
        }
        if (spec.getInitContainers() != null && !spec.getInitContainers().isEmpty()) {
            Map<String, Long> sidecars = new HashMap<>();
            Map<String, Long> initMax = new HashMap<>();
            for (Container c : spec.getInitContainers()) {
                Map<String, Long> r = containerRequests(c, nonZero, parsed);
                Map<String, Long> effective;
                if ("Always".equals(c.getRestartPolicy())) {
                    add(sum, r);
                    add(sidecars, r);
                    effective = sidecars;
                } else {
                    effective = new HashMap<>(r);
                    add(effective, sidecars);
                }
                effective.forEach((k, v) -> initMax.merge(k, v, Math::max));
            }
            initMax.forEach((k, v) -> sum.merge(k, v, Math::max));
        }
        if (spec.getOverhead() != null) {
            add(sum, raw(spec.getOverhead()));
        }
        Map<String, Long> scalars = new HashMap<>(sum);
        scalars.keySet().removeIf(k -> !Resources.isScalar(k));
        return new Resources(sum.getOrDefault(Resources.CPU, 0L), sum.getOrDefault(Resources.MEMORY, 0L),
                sum.getOrDefault(Resources.EPHEMERAL_STORAGE, 0L), scalars);
    }

    private static Map<String, Long> containerRequests(Container c, boolean nonZero, Map<Container, Map<String, Long>> parsed) {
        Map<String, Long> r = new HashMap<>(parsed.computeIfAbsent(c,
                k -> raw(k.getResources() == null ? null : k.getResources().getRequests())));
        if (nonZero) {
            r.putIfAbsent(Resources.CPU, DEFAULT_MILLI_CPU_REQUEST);
            r.putIfAbsent(Resources.MEMORY, DEFAULT_MEMORY_REQUEST);
        }
        return r;
    }

    private static Map<String, Long> raw(Map<String, Quantity> list) {
        Map<String, Long> r = new HashMap<>();
        if (list != null) {
            list.forEach((k, q) -> r.put(k, k.equals(Resources.CPU) ? Resources.milli(q) : Resources.value(q)));
        }
        return r;
    }

    private static void add(Map<String, Long> into, Map<String, Long> r) {
        r.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    private static List<HostPort> hostPorts(PodSpec spec) {
        if (spec.getContainers() == null) {
            return List.of();
        }
        List<HostPort> out = new ArrayList<>();
        for (Container c : spec.getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? HostPort.ANY_IP : p.getHostIP();
                    String proto = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
                    out.add(new HostPort(ip, proto, p.getHostPort()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Instant parseTime(String t) {
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public Pod pod() { return pod; }
    public String namespace() { return namespace; }
    public String name() { return name; }
    /** "namespace/name", the pod's identity in a snapshot. */
    public String key() { return key; }
    public Map<String, String> labels() { return labels; }
    public int priority() { return priority; }
    public boolean preemptionNever() { return preemptionNever; }
    public boolean terminating() { return terminating; }
    /** status.startTime, else creationTimestamp; null when neither is set. */
    public Instant startTime() { return startTime; }
    public Resources requests() { return requests; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public long nonZeroMemory() { return nonZeroMemory; }
    public List<HostPort> hostPorts() { return hostPorts; }
    public List<Toleration> tolerations() { return tolerations; }
    /** Null when the pod has neither a nodeSelector nor required node affinity. */
    public RequiredNodeAffinity requiredNodeAffinity() { return requiredNodeAffinity; }
    public List<PreferredNodeTerm> preferredNodeTerms() { return preferredNodeTerms; }
    public List<AffinityTerm> requiredAffinity() { return requiredAffinity; }
    public List<AffinityTerm> requiredAntiAffinity() { return requiredAntiAffinity; }
    public List<AffinityTerm> preferredAffinity() { return preferredAffinity; }
    public List<AffinityTerm> preferredAntiAffinity() { return preferredAntiAffinity; }
    public List<SpreadConstraint> spreadConstraints() { return spreadConstraints; }
    /** spec.nodeName, or null. */
    public String nodeName() { return pod.getSpec() == null ? null : pod.getSpec().getNodeName(); }

    public boolean hasPodAffinityTerms() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty()
                || !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
    }

    @Override
    public String toString() {
        return key;
    }
}
