package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.tugboat.agent.volumes.PodVolumes;
import io.tugboat.runtime.ContainerSpec;
import io.tugboat.runtime.Mount;
import io.tugboat.runtime.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a pod's container into what the runtime runs: argv, environment, mounts, limits, labels. */
final class ContainerSpecs {

    static final String POD_UID = "tugboat.io/pod-uid";
    static final String POD_NAME = "tugboat.io/pod-name";
    static final String POD_NAMESPACE = "tugboat.io/pod-namespace";
    static final String CONTAINER = "tugboat.io/container";
    static final String ATTEMPT = "tugboat.io/attempt";
    static final String INIT = "tugboat.io/init";

    private ContainerSpecs() {
    }

    static String sandboxId(String uid) {
        return uid.replace("-", "");
    }

    static String containerId(String uid, String name, int attempt) {
        String id = uid.replace("-", "").substring(0, 12) + "-" + attempt + "-" + name;
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    static Map<String, String> labels(Pod pod, String container, int attempt, boolean init) {
        Map<String, String> labels = new LinkedHashMap<>(sandboxLabels(pod));
        labels.put(CONTAINER, container);
        labels.put(ATTEMPT, String.valueOf(attempt));
        labels.put(INIT, String.valueOf(init));
        return labels;
    }

    static Map<String, String> sandboxLabels(Pod pod) {
        return Map.of(POD_UID, pod.getMetadata().getUid(), POD_NAME, pod.getMetadata().getName(),
                POD_NAMESPACE, pod.getMetadata().getNamespace());
    }

    static List<String> argv(Container container, Map<String, String> env) throws ContainerConfigException {
        List<String> argv = new ArrayList<>();
        if (container.getCommand() != null) {
            container.getCommand().forEach(c -> argv.add(VarExpansion.expand(c, env)));
        }
        if (container.getArgs() != null) {
            container.getArgs().forEach(a -> argv.add(VarExpansion.expand(a, env)));
        }
        if (argv.isEmpty()) {
            throw new ContainerConfigException("the process runtime cannot run image \"" + container.getImage()
                    + "\" without a command: it does not read images, so set command (or args)");
        }
        return argv;
    }

    static List<Mount> mounts(Container container, PodVolumes volumes, List<Mount> podFiles) throws ContainerConfigException {
        List<Mount> mounts = new ArrayList<>();
        if (container.getVolumeMounts() != null) {
            for (VolumeMount vm : container.getVolumeMounts()) {
                Path source = volumes.paths().get(vm.getName());
                if (source == null) {
                    throw new ContainerConfigException("volume mount " + vm.getName() + " names no volume of the pod");
                }
                if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
                    Path sub = source.resolve(vm.getSubPath()).normalize();
                    if (!sub.startsWith(source)) {
                        throw new ContainerConfigException("subPath " + vm.getSubPath() + " leaves its volume");
                    }
                    try {
                        if (!java.nio.file.Files.exists(sub)) {
                            java.nio.file.Files.createDirectories(sub);
                        }
                    } catch (java.io.IOException e) {
                        throw new ContainerConfigException("cannot create subPath " + sub + ": " + e.getMessage());
                    }
                    source = sub;
                }
                mounts.add(new Mount(source, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly())));
            }
        }
        for (Mount file : podFiles) {
            // a volume the user mounts at the same path wins, as with the kubelet
            if (mounts.stream().noneMatch(m -> m.containerPath().equals(file.containerPath()))) {
                mounts.add(file);
            }
        }
        return mounts;
    }

    static Resources resources(Container container) {
        if (container.getResources() == null) {
            return Resources.NONE;
        }
        Map<String, Quantity> limits = container.getResources().getLimits();
        Map<String, Quantity> requests = container.getResources().getRequests();
        long memory = amount(limits, "memory", 1);
        long cpuLimit = amount(limits, "cpu", 1000);
        long cpuRequest = amount(requests, "cpu", 1000);
        if (cpuRequest == 0) {
            cpuRequest = cpuLimit;
        }
        return new Resources(memory, cpuLimit, cpuRequest);
    }

    private static long amount(Map<String, Quantity> values, String name, int scale) {
        if (values == null || !values.containsKey(name)) {
            return 0;
        }
        return values.get(name).getNumericalAmount().multiply(java.math.BigDecimal.valueOf(scale))
                .setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    static ContainerSpec spec(String id, String sandboxId, Container container, List<String> argv, Map<String, String> env,
                              List<Mount> mounts, Path logFile, Map<String, String> labels) {
        return new ContainerSpec(id, sandboxId, container.getName(), container.getImage(), argv, env,
                container.getWorkingDir() == null ? "" : container.getWorkingDir(), mounts, resources(container),
                logFile, labels);
    }
}
