package io.tugboat.api.defaults;

import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in the fields Kubernetes defaults when an object is written, so that what kubectl reads back
 * looks as it does on a real cluster (strategy, replicas, restartPolicy, imagePullPolicy, ...).
 * Defaults never overwrite a value the user gave.
 */
public final class Defaulter {

    public void apply(HasMetadata object) {
        switch (object) {
            case Pod p -> {
                if (p.getSpec() != null) {
                    podSpec(p.getSpec());
                    DefaultTolerationSeconds.apply(p.getSpec());
                }
            }
            case Deployment d -> deployment(d);
            case ReplicaSet rs -> {
                if (rs.getSpec() != null) {
                    if (rs.getSpec().getReplicas() == null) {
                        rs.getSpec().setReplicas(1);
                    }
                    template(rs.getSpec().getTemplate());
                }
            }
            case StatefulSet s -> statefulSet(s);
            case DaemonSet ds -> daemonSet(ds);
            case Job j -> job(j);
            case CronJob cj -> cronJob(cj);
            case Service s -> service(s);
            case Namespace n -> namespace(n);
            case Secret s -> secret(s);
            case PriorityClass pc -> {
                if (pc.getPreemptionPolicy() == null) {
                    pc.setPreemptionPolicy("PreemptLowerPriority");
                }
            }
            default -> {
            }
        }
    }

    private void deployment(Deployment d) {
        var spec = d.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        if (spec.getStrategy() == null) {
            spec.setStrategy(new DeploymentStrategy());
        }
        DeploymentStrategy strategy = spec.getStrategy();
        if (strategy.getType() == null) {
            strategy.setType("RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.getType())) {
            if (strategy.getRollingUpdate() == null) {
                strategy.setRollingUpdate(new RollingUpdateDeployment());
            }
            if (strategy.getRollingUpdate().getMaxSurge() == null) {
                strategy.getRollingUpdate().setMaxSurge(new IntOrString("25%"));
            }
            if (strategy.getRollingUpdate().getMaxUnavailable() == null) {
                strategy.getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
            }
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        if (spec.getProgressDeadlineSeconds() == null) {
            spec.setProgressDeadlineSeconds(600);
        }
        template(spec.getTemplate());
    }

    private void statefulSet(StatefulSet s) {
        var spec = s.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        if (spec.getPodManagementPolicy() == null) {
            spec.setPodManagementPolicy("OrderedReady");
        }
        if (spec.getUpdateStrategy() == null) {
            spec.setUpdateStrategy(new StatefulSetUpdateStrategy());
        }
        if (spec.getUpdateStrategy().getType() == null) {
            spec.getUpdateStrategy().setType("RollingUpdate");
        }
        if ("RollingUpdate".equals(spec.getUpdateStrategy().getType()) && spec.getUpdateStrategy().getRollingUpdate() == null) {
            RollingUpdateStatefulSetStrategy ru = new RollingUpdateStatefulSetStrategy();
            ru.setPartition(0);
            spec.getUpdateStrategy().setRollingUpdate(ru);
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        template(spec.getTemplate());
    }

    private void daemonSet(DaemonSet ds) {
        var spec = ds.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getUpdateStrategy() == null) {
            spec.setUpdateStrategy(new DaemonSetUpdateStrategy());
        }
        if (spec.getUpdateStrategy().getType() == null) {
            spec.getUpdateStrategy().setType("RollingUpdate");
        }
        if ("RollingUpdate".equals(spec.getUpdateStrategy().getType()) && spec.getUpdateStrategy().getRollingUpdate() == null) {
            spec.getUpdateStrategy().setRollingUpdate(new RollingUpdateDaemonSet(new IntOrString(0), new IntOrString(1)));
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        template(spec.getTemplate());
    }

    private void job(Job j) {
        var spec = j.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getParallelism() == null) {
            spec.setParallelism(1);
        }
        if (spec.getCompletions() == null && spec.getParallelism() != null) {
            spec.setCompletions(1);
        }
        if (spec.getBackoffLimit() == null) {
            spec.setBackoffLimit(6);
        }
        if (spec.getCompletionMode() == null) {
            spec.setCompletionMode("NonIndexed");
        }
        if (spec.getSuspend() == null) {
            spec.setSuspend(false);
        }
        template(spec.getTemplate());
    }

    private void cronJob(CronJob cj) {
        var spec = cj.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getConcurrencyPolicy() == null) {
            spec.setConcurrencyPolicy("Allow");
        }
        if (spec.getSuspend() == null) {
            spec.setSuspend(false);
        }
        if (spec.getSuccessfulJobsHistoryLimit() == null) {
            spec.setSuccessfulJobsHistoryLimit(3);
        }
        if (spec.getFailedJobsHistoryLimit() == null) {
            spec.setFailedJobsHistoryLimit(1);
        }
        if (spec.getJobTemplate() != null && spec.getJobTemplate().getSpec() != null) {
            Job inner = new Job();
            inner.setSpec(spec.getJobTemplate().getSpec());
            job(inner);
        }
    }

    private void service(Service s) {
        var spec = s.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getType() == null) {
            spec.setType("ClusterIP");
        }
        if (spec.getSessionAffinity() == null) {
            spec.setSessionAffinity("None");
        }
        if (!"ExternalName".equals(spec.getType()) && spec.getInternalTrafficPolicy() == null) {
            spec.setInternalTrafficPolicy("Cluster");
        }
        boolean external = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
        if (external && spec.getExternalTrafficPolicy() == null) {
            spec.setExternalTrafficPolicy("Cluster");
        }
        if ("LoadBalancer".equals(spec.getType()) && spec.getAllocateLoadBalancerNodePorts() == null) {
            spec.setAllocateLoadBalancerNodePorts(true);
        }
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            if (spec.getSessionAffinityConfig() == null) {
                spec.setSessionAffinityConfig(new SessionAffinityConfig());
            }
            if (spec.getSessionAffinityConfig().getClientIP() == null) {
                spec.getSessionAffinityConfig().setClientIP(new ClientIPConfig());
            }
            if (spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() == null) {
                spec.getSessionAffinityConfig().getClientIP().setTimeoutSeconds(10800);
            }
        }
        if (spec.getPorts() != null) {
            for (ServicePort port : spec.getPorts()) {
                if (port.getProtocol() == null) {
                    port.setProtocol("TCP");
                }
                if (port.getTargetPort() == null && port.getPort() != null) {
                    port.setTargetPort(new IntOrString(port.getPort()));
                }
            }
        }
    }

    private void namespace(Namespace n) {
        if (n.getSpec() == null) {
            n.setSpec(new NamespaceSpec());
        }
        if (n.getStatus() == null) {
            n.setStatus(new NamespaceStatus());
        }
        if (n.getStatus().getPhase() == null) {
            n.getStatus().setPhase("Active");
        }
        Map<String, String> labels = n.getMetadata().getLabels() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(n.getMetadata().getLabels());
        labels.put("kubernetes.io/metadata.name", n.getMetadata().getName());
        n.getMetadata().setLabels(labels);
    }

    private void secret(Secret s) {
        if (s.getType() == null) {
            s.setType("Opaque");
        }
        if (s.getStringData() != null && !s.getStringData().isEmpty()) {
            Map<String, String> data = s.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.getData());
            s.getStringData().forEach((k, v) ->
                    data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            s.setData(data);
            s.setStringData(null);
        }
    }

    private void template(PodTemplateSpec template) {
        if (template != null && template.getSpec() != null) {
            podSpec(template.getSpec());
        }
    }

    void podSpec(PodSpec spec) {
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        containers(spec.getContainers());
        containers(spec.getInitContainers());
    }

    private void containers(List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            if (c.getImagePullPolicy() == null && c.getImage() != null) {
                c.setImagePullPolicy(pullPolicyFor(c.getImage()));
            }
            if (c.getTerminationMessagePath() == null) {
                c.setTerminationMessagePath("/dev/termination-log");
            }
            if (c.getTerminationMessagePolicy() == null) {
                c.setTerminationMessagePolicy("File");
            }
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getProtocol() == null) {
                        p.setProtocol("TCP");
                    }
                }
            }
        }
    }

    /** Kubernetes pulls ":latest" (or untagged) images always, pinned ones only if missing. */
    static String pullPolicyFor(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
    }
}
