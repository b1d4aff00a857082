package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The downward API: a pod's fields by path (metadata.name, metadata.labels['k'], status.podIP, ...) and its
 * containers' resources by name (limits.cpu, requests.memory, ...), with the divisor applied and rounded
 * up as Kubernetes does. Limits that are not set read as the node's allocatable.
 */
public final class PodFields {

    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private final Pod pod;
    private final String nodeIp;
    private final String podIp;
    private final long nodeCpuMillis;
    private final long nodeMemoryBytes;

    public PodFields(Pod pod, String nodeIp, String podIp, long nodeCpuMillis, long nodeMemoryBytes) {
        this.pod = pod;
        this.nodeIp = nodeIp;
        this.podIp = podIp;
        this.nodeCpuMillis = nodeCpuMillis;
        this.nodeMemoryBytes = nodeMemoryBytes;
    }

    public String field(String path) throws ContainerConfigException {
        var meta = pod.getMetadata();
        Matcher m = SUBSCRIPT.matcher(path);
        if (m.matches()) {
            Map<String, String> map = m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
            return map == null ? "" : map.getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "metadata.labels" -> render(meta.getLabels());
            case "metadata.annotations" -> render(meta.getAnnotations());
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("default");
            case "status.hostIP", "status.hostIPs" -> nodeIp;
            case "status.podIP", "status.podIPs" -> podIp == null ? "" : podIp;
            default -> throw new ContainerConfigException("unsupported fieldRef " + path);
        };
    }

    /** key="value" lines, sorted, as the downward API volume writes labels and annotations. */
    private static String render(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                        .replace("\n", "\\n")).append("\"\n"));
        return out.toString().stripTrailing();
    }

    public String resource(Container defaultContainer, ResourceFieldSelector selector) throws ContainerConfigException {
        Container container = defaultContainer;
        if (selector.getContainerName() != null && !selector.getContainerName().isEmpty()) {
            container = pod.getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals(selector.getContainerName())).findFirst()
                    .orElseThrow(() -> new ContainerConfigException("no container " + selector.getContainerName()));
        }
        String resource = selector.getResource();
        boolean limit = resource.startsWith("limits.");
        String name = resource.substring(resource.indexOf('.') + 1);
        var resources = container.getResources();
        Map<String, Quantity> values = resources == null ? null : limit ? resources.getLimits() : resources.getRequests();
        BigDecimal amount;
        if (values != null && values.containsKey(name)) {
            amount = values.get(name).getNumericalAmount();
        } else if (limit || name.equals("cpu") || name.equals("memory")) {
            if (!limit) {
                return "0";
            }
            amount = switch (name) {
                case "cpu" -> BigDecimal.valueOf(nodeCpuMillis).movePointLeft(3);
                case "memory" -> BigDecimal.valueOf(nodeMemoryBytes);
                default -> BigDecimal.ZERO;
            };
        } else {
            amount = BigDecimal.ZERO;
        }
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }
}
