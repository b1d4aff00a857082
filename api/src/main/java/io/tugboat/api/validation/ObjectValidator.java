package io.tugboat.api.validation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusCause;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an object as Kubernetes' validation does before it is stored, collecting one cause per bad
 * field so that a user sees every problem at once. Runs after defaulting.
 */
public final class ObjectValidator {

    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
    private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");

    public List<StatusCause> validate(ResourceType type, HasMetadata object) {
        Causes causes = new Causes();
        meta(type, object.getMetadata(), causes);
        switch (object) {
            case Pod p -> {
                if (p.getSpec() == null) {
                    causes.required("spec");
                } else {
                    podSpec(p.getSpec(), "spec", causes);
                }
            }
            case Deployment d -> {
                if (d.getSpec() == null) {
                    causes.required("spec");
                } else {
                    replicas(d.getSpec().getReplicas(), causes);
                    selectorAndTemplate(d.getSpec().getSelector(), d.getSpec().getTemplate(), causes);
                    String strategy = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getType();
                    if (strategy != null && !Set.of("RollingUpdate", "Recreate").contains(strategy)) {
                        causes.add(StatusCause.notSupported("spec.strategy.type", strategy,
                                "supported values: \"Recreate\", \"RollingUpdate\""));
                    }
                }
            }
            case ReplicaSet rs -> {
                if (rs.getSpec() == null) {
                    causes.required("spec");
                } else {
                    replicas(rs.getSpec().getReplicas(), causes);
                    selectorAndTemplate(rs.getSpec().getSelector(), rs.getSpec().getTemplate(), causes);
                }
            }
            case StatefulSet s -> {
                if (s.getSpec() == null) {
                    causes.required("spec");
                } else {
                    replicas(s.getSpec().getReplicas(), causes);
                    selectorAndTemplate(s.getSpec().getSelector(), s.getSpec().getTemplate(), causes);
                }
            }
            case DaemonSet ds -> {
                if (ds.getSpec() == null) {
                    causes.required("spec");
                } else {
                    selectorAndTemplate(ds.getSpec().getSelector(), ds.getSpec().getTemplate(), causes);
                }
            }
            case Job j -> job(j.getSpec(), "spec", causes);
            case CronJob cj -> {
                if (cj.getSpec() == null) {
                    causes.required("spec");
                } else {
                    cronJob(cj, causes);
                    job(cj.getSpec().getJobTemplate() == null ? null : cj.getSpec().getJobTemplate().getSpec(),
                            "spec.jobTemplate.spec", causes);
                }
            }
            case Service s -> service(s, causes);
            case ConfigMap cm -> {
                keys(cm.getData(), "data", causes);
                keys(cm.getBinaryData(), "binaryData", causes);
            }
            case Secret s -> keys(s.getData(), "data", causes);
            default -> {
            }
        }
        return causes.list();
    }

    private void meta(ResourceType type, ObjectMeta meta, Causes causes) {
        if (meta == null) {
            causes.required("metadata.name");
            return;
        }
        String name = meta.getName();
        if (name == null || name.isEmpty()) {
            if (meta.getGenerateName() == null || meta.getGenerateName().isEmpty()) {
                causes.add(new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name"));
            }
        } else if (type.kind().equals("Namespace")) {
            causes.check("metadata.name", name, Names.checkLabel(name));
        } else if (type.kind().equals("Service")) {
            causes.check("metadata.name", name, Names.checkDns1035Label(name));
        } else if (type.group().equals("rbac.authorization.k8s.io")) {
            // RBAC names are path segments, not DNS names (e.g. "system:node").
            if (name.contains("/") || name.contains("%") || name.equals(".") || name.equals("..")) {
                causes.invalid("metadata.name", name, "may not contain '/' or '%'");
            }
        } else {
            causes.check("metadata.name", name, Names.checkSubdomain(name));
        }
        labels(meta.getLabels(), "metadata.labels", causes);
        if (meta.getAnnotations() != null) {
            long total = 0;
            for (Map.Entry<String, String> e : meta.getAnnotations().entrySet()) {
                causes.check("metadata.annotations", e.getKey(), Names.checkQualifiedName(e.getKey()));
                total += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
            }
            if (total > 256 * 1024) {
                causes.add(new StatusCause("FieldValueTooLong", "Too long: must have at most 262144 bytes", "metadata.annotations"));
            }
        }
    }

    private void labels(Map<String, String> labels, String field, Causes causes) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            causes.check(field, e.getKey(), Names.checkQualifiedName(e.getKey()));
            causes.check(field, e.getValue(), Names.checkLabelValue(e.getValue() == null ? "" : e.getValue()));
        }
    }

    private void replicas(Integer replicas, Causes causes) {
        if (replicas != null && replicas < 0) {
            causes.invalid("spec.replicas", replicas, "must be greater than or equal to 0");
        }
    }

    private void selectorAndTemplate(LabelSelector selector, PodTemplateSpec template, Causes causes) {
        io.tugboat.api.labels.LabelSelector parsed = null;
        if (selector == null) {
            causes.required("spec.selector");
        } else if ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty())) {
            causes.invalid("spec.selector", "{}", "empty selector is invalid for deployment");
        } else {
            labels(selector.getMatchLabels(), "spec.selector.matchLabels", causes);
            try {
                parsed = io.tugboat.api.labels.LabelSelector.of(selector);
            } catch (IllegalArgumentException e) {
                causes.invalid("spec.selector.matchExpressions", "", e.getMessage());
            }
        }
        if (template == null) {
            causes.required("spec.template");
            return;
        }
        Map<String, String> templateLabels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        if (templateLabels != null) {
            labels(templateLabels, "spec.template.metadata.labels", causes);
        }
        if (parsed != null && !parsed.matches(templateLabels)) {
            causes.invalid("spec.template.metadata.labels", goMap(templateLabels), "`selector` does not match template `labels`");
        }
        if (template.getSpec() == null) {
            causes.required("spec.template.spec");
        } else {
            podSpec(template.getSpec(), "spec.template.spec", causes);
        }
    }

    private static final Set<String> CONCURRENCY_POLICIES = Set.of("Allow", "Forbid", "Replace");

    /** kube's CronJob rules that need no cron parser (an unparseable schedule is the controller's warning event). */
    private void cronJob(CronJob cj, Causes causes) {
        var spec = cj.getSpec();
        String name = cj.getMetadata() == null ? null : cj.getMetadata().getName();
        if (name != null && name.length() > 52) {
            // its Jobs are named <name>-<minutes>, which must stay a valid label value
            causes.invalid("metadata.name", name, "must be no more than 52 characters");
        }
        String schedule = spec.getSchedule();
        if (schedule == null || schedule.isBlank()) {
            causes.required("spec.schedule");
        } else if (schedule.contains("TZ")) {
            causes.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
        String zone = spec.getTimeZone();
        if (zone != null) {
            boolean known;
            try {
                known = !zone.isEmpty() && !zone.equals("Local") && java.time.ZoneId.of(zone) != null;
            } catch (java.time.DateTimeException e) {
                known = false;
            }
            if (!known) {
                causes.invalid("spec.timeZone", zone, "unknown time zone " + zone);
            }
        }
        if (spec.getConcurrencyPolicy() != null && !CONCURRENCY_POLICIES.contains(spec.getConcurrencyPolicy())) {
            causes.add(StatusCause.notSupported("spec.concurrencyPolicy", spec.getConcurrencyPolicy(),
                    "supported values: \"Allow\", \"Forbid\", \"Replace\""));
        }
        if (spec.getStartingDeadlineSeconds() != null && spec.getStartingDeadlineSeconds() < 0) {
            causes.invalid("spec.startingDeadlineSeconds", spec.getStartingDeadlineSeconds(), "must be greater than or equal to 0");
        }
        nonNegative(spec.getSuccessfulJobsHistoryLimit(), "spec.successfulJobsHistoryLimit", causes);
        nonNegative(spec.getFailedJobsHistoryLimit(), "spec.failedJobsHistoryLimit", causes);
    }

    private void job(JobSpec spec, String path, Causes causes) {
        if (spec == null) {
            causes.required(path);
            return;
        }
        nonNegative(spec.getParallelism(), path + ".parallelism", causes);
        nonNegative(spec.getCompletions(), path + ".completions", causes);
        nonNegative(spec.getBackoffLimit(), path + ".backoffLimit", causes);
        if (spec.getActiveDeadlineSeconds() != null && spec.getActiveDeadlineSeconds() <= 0) {
            causes.invalid(path + ".activeDeadlineSeconds", spec.getActiveDeadlineSeconds(), "must be greater than 0");
        }
        if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
            causes.required(path + ".template.spec");
            return;
        }
        String restart = spec.getTemplate().getSpec().getRestartPolicy();
        if (!"Never".equals(restart) && !"OnFailure".equals(restart)) {
            causes.add(StatusCause.notSupported(path + ".template.spec.restartPolicy", restart,
                    "supported values: \"OnFailure\", \"Never\""));
        }
        podSpec(spec.getTemplate().getSpec(), path + ".template.spec", causes);
    }

    private void nonNegative(Integer value, String field, Causes causes) {
        if (value != null && value < 0) {
            causes.invalid(field, value, "must be greater than or equal to 0");
        }
    }

    private void podSpec(PodSpec spec, String path, Causes causes) {
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            causes.required(path + ".containers");
        } else {
            Set<String> names = new HashSet<>();
            containers(spec.getContainers(), path + ".containers", names, causes);
            if (spec.getInitContainers() != null) {
                containers(spec.getInitContainers(), path + ".initContainers", names, causes);
            }
        }
        if (spec.getRestartPolicy() != null && !RESTART_POLICIES.contains(spec.getRestartPolicy())) {
            causes.add(StatusCause.notSupported(path + ".restartPolicy", spec.getRestartPolicy(),
                    "supported values: \"Always\", \"OnFailure\", \"Never\""));
        }
        if (spec.getTerminationGracePeriodSeconds() != null && spec.getTerminationGracePeriodSeconds() < 0) {
            causes.invalid(path + ".terminationGracePeriodSeconds", spec.getTerminationGracePeriodSeconds(),
                    "must be greater than or equal to 0");
        }
        if (spec.getVolumes() != null) {
            Set<String> volumeNames = new HashSet<>();
            for (int i = 0; i < spec.getVolumes().size(); i++) {
                String name = spec.getVolumes().get(i).getName();
                String field = path + ".volumes[" + i + "].name";
                if (name == null || name.isEmpty()) {
                    causes.required(field);
                } else if (!volumeNames.add(name)) {
                    causes.add(StatusCause.duplicate(field, name));
                } else {
                    causes.check(field, name, Names.checkLabel(name));
                }
            }
        }
    }

    private void containers(List<Container> containers, String path, Set<String> names, Causes causes) {
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            if (c.getName() == null || c.getName().isEmpty()) {
                causes.required(at + ".name");
            } else if (!names.add(c.getName())) {
                causes.add(StatusCause.duplicate(at + ".name", c.getName()));
            } else {
                causes.check(at + ".name", c.getName(), Names.checkLabel(c.getName()));
            }
            if (c.getImage() == null || c.getImage().isBlank()) {
                causes.required(at + ".image");
            }
            if (c.getPorts() != null) {
                for (int p = 0; p < c.getPorts().size(); p++) {
                    ContainerPort port = c.getPorts().get(p);
                    String pf = at + ".ports[" + p + "]";
                    portNumber(port.getContainerPort(), pf + ".containerPort", true, causes);
                    if (port.getHostPort() != null && port.getHostPort() != 0) {
                        portNumber(port.getHostPort(), pf + ".hostPort", true, causes);
                    }
                    if (port.getProtocol() != null && !PROTOCOLS.contains(port.getProtocol())) {
                        causes.add(StatusCause.notSupported(pf + ".protocol", port.getProtocol(),
                                "supported values: \"SCTP\", \"TCP\", \"UDP\""));
                    }
                }
            }
            if (c.getEnv() != null) {
                for (int e = 0; e < c.getEnv().size(); e++) {
                    if (c.getEnv().get(e).getName() == null || c.getEnv().get(e).getName().isEmpty()) {
                        causes.required(at + ".env[" + e + "].name");
                    }
                }
            }
        }
    }

    private void portNumber(Integer port, String field, boolean required, Causes causes) {
        if (port == null) {
            if (required) {
                causes.required(field);
            }
        } else if (port < 1 || port > 65535) {
            causes.invalid(field, port, "must be between 1 and 65535, inclusive");
        }
    }

    private void service(Service s, Causes causes) {
        if (s.getSpec() == null) {
            causes.required("spec");
            return;
        }
        String type = s.getSpec().getType();
        if (type != null && !SERVICE_TYPES.contains(type)) {
            causes.add(StatusCause.notSupported("spec.type", type,
                    "supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
        if ("ExternalName".equals(type)) {
            if (s.getSpec().getExternalName() == null || s.getSpec().getExternalName().isEmpty()) {
                causes.required("spec.externalName");
            }
            return;
        }
        List<ServicePort> ports = s.getSpec().getPorts();
        boolean headless = "None".equals(s.getSpec().getClusterIP());
        if ((ports == null || ports.isEmpty()) && !headless) {
            causes.required("spec.ports");
            return;
        }
        if (ports == null) {
            return;
        }
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            String at = "spec.ports[" + i + "]";
            if (ports.size() > 1 && (p.getName() == null || p.getName().isEmpty())) {
                causes.required(at + ".name");
            } else if (p.getName() != null && !p.getName().isEmpty()) {
                if (!portNames.add(p.getName())) {
                    causes.add(StatusCause.duplicate(at + ".name", p.getName()));
                } else {
                    causes.check(at + ".name", p.getName(), Names.checkLabel(p.getName()));
                }
            }
            portNumber(p.getPort(), at + ".port", true, causes);
            if (p.getNodePort() != null && p.getNodePort() != 0) {
                portNumber(p.getNodePort(), at + ".nodePort", true, causes);
            }
            if (p.getTargetPort() != null && p.getTargetPort().getIntVal() != null) {
                portNumber(p.getTargetPort().getIntVal(), at + ".targetPort", true, causes);
            }
            if (p.getProtocol() != null && !PROTOCOLS.contains(p.getProtocol())) {
                causes.add(StatusCause.notSupported(at + ".protocol", p.getProtocol(),
                        "supported values: \"SCTP\", \"TCP\", \"UDP\""));
            }
        }
    }

    private void keys(Map<String, String> data, String field, Causes causes) {
        if (data == null) {
            return;
        }
        for (String key : data.keySet()) {
            if (key.length() > 253 || !CONFIG_KEY.matcher(key).matches()) {
                causes.invalid(field, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                        + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
            }
        }
    }

    /** Formats labels the way Go's %#v prints a map, as Kubernetes' message shows them. */
    private static String goMap(Map<String, String> labels) {
        if (labels == null) {
            return "map[string]string(nil)";
        }
        StringBuilder sb = new StringBuilder("map[string]string{");
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (sb.charAt(sb.length() - 1) != '{') {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
        });
        return sb.append('}').toString();
    }
}
