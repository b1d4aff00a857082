package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod status the kubelet would write: container and init container statuses, phase, the
 * PodReadyToStartContainers / Initialized / ContainersReady / Ready conditions (PodScheduled kept from the
 * scheduler), IPs, start time and QoS class. Conditions keep their transition time while they hold.
 */
final class PodStatusBuilder {

    private final String nodeIp;

    PodStatusBuilder(String nodeIp) {
        this.nodeIp = nodeIp;
    }

    PodStatus build(PodRecord record, Instant now) {
        Pod pod = record.pod;
        PodStatus fromApi = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        // transition times come from what this agent last wrote: the informer's copy may not show it yet
        PodStatus old = record.lastStatus != null ? record.lastStatus : fromApi;
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        List<Container> apps = pod.getSpec().getContainers();
        List<ContainerStatus> initStatuses = new ArrayList<>();
        for (Container c : inits) {
            initStatuses.add(containerStatus(record, c, true));
        }
        List<ContainerStatus> appStatuses = new ArrayList<>();
        for (Container c : apps) {
            appStatuses.add(containerStatus(record, c, false));
        }
        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean initialized = initStatuses.stream().allMatch(s -> s.getState().getTerminated() != null
                && s.getState().getTerminated().getExitCode() == 0);
        boolean initFailed = restartPolicy.equals("Never") && initStatuses.stream().anyMatch(s ->
                s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() != 0);
        String phase = initFailed ? "Failed" : phase(initialized, appStatuses, restartPolicy);
        boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");

        List<String> unready = appStatuses.stream().filter(s -> !Boolean.TRUE.equals(s.getReady()))
                .map(ContainerStatus::getName).toList();
        List<String> uninitialized = initStatuses.stream().filter(s -> s.getState().getTerminated() == null
                || s.getState().getTerminated().getExitCode() != 0).map(ContainerStatus::getName).toList();
        String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition(old, "PodReadyToStartContainers", record.sandbox != null, null, null, ts));
        conditions.add(condition(old, "Initialized", initialized, initialized ? null : "ContainersNotInitialized",
                initialized ? null : "containers with incomplete status: " + list(uninitialized), ts));
        String notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
        String notReadyMessage = terminal ? null : "containers with unready status: " + list(unready);
        boolean ready = !terminal && unready.isEmpty();
        conditions.add(condition(old, "ContainersReady", ready, ready ? null : notReadyReason, ready ? null : notReadyMessage, ts));
        conditions.add(condition(old, "Ready", ready, ready ? null : notReadyReason, ready ? null : notReadyMessage, ts));
        PodCondition scheduled = fromApi.getConditions() == null ? null : fromApi.getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
        conditions.add(scheduled != null ? scheduled : condition(old, "PodScheduled", true, null, null, ts));

        PodStatus status = new PodStatus();
        status.setPhase(phase);
        status.setConditions(conditions);
        status.setHostIP(nodeIp);
        status.setHostIPs(List.of(new HostIP(nodeIp)));
        if (record.podIp != null) {
            status.setPodIP(record.podIp);
            status.setPodIPs(List.of(new PodIP(record.podIp)));
        }
        status.setStartTime(record.startTime == null ? null : record.startTime.toString());
        status.setContainerStatuses(appStatuses);
        if (!initStatuses.isEmpty()) {
            status.setInitContainerStatuses(initStatuses);
        }
        status.setQosClass(qosClass(pod));
        status.setNominatedNodeName(fromApi.getNominatedNodeName());
        return status;
    }

    private static String list(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** kubelet's getPhase over the app containers, after initialization. */
    private static String phase(boolean initialized, List<ContainerStatus> statuses, String restartPolicy) {
        if (!initialized) {
            return "Pending";
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerStatus s : statuses) {
            ContainerState state = s.getState();
            if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                if (state.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++;
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            if (restartPolicy.equals("Always")) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return restartPolicy.equals("Never") ? "Failed" : "Running";
        }
        return "Pending";
    }

    private ContainerStatus containerStatus(PodRecord record, Container container, boolean init) {
        ContainerRecord current = record.current.get(container.getName());
        ContainerRecord previous = record.previous.get(container.getName());
        ContainerStatusBuilder b = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID("")
                .withRestartCount(current == null ? 0 : current.attempt);
        if (current == null) {
            String reason = record.waitingReason.getOrDefault(container.getName(), init ? "PodInitializing" : "ContainerCreating");
            b.withState(waiting(reason, record.waitingMessage.get(container.getName())))
                    .withReady(false).withStarted(false);
            return b.build();
        }
        b.withContainerID("process://" + current.id);
        String waitingReason = record.waitingReason.get(container.getName());
        if (current.running()) {
            b.withState(new ContainerStateBuilder().withNewRunning()
                    .withStartedAt(current.status.startedAt().map(PodStatusBuilder::seconds).orElse(null)).endRunning().build());
            b.withReady(current.ready && !init).withStarted(current.started);
            if (previous != null) {
                b.withLastState(terminated(previous));
            }
        } else if (waitingReason != null) {
            // exited and waiting to restart: the exit is the last state
            b.withState(waiting(waitingReason, record.waitingMessage.get(container.getName())))
                    .withLastState(terminated(current)).withReady(false).withStarted(false);
        } else {
            b.withState(terminated(current)).withReady(false).withStarted(false);
            if (previous != null) {
                b.withLastState(terminated(previous));
            }
        }
        return b.build();
    }

    /** metav1.Time has second precision on the wire. */
    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build();
    }

    private static ContainerState terminated(ContainerRecord c) {
        var s = c.status;
        String reason = s.reason().orElse("Error");
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(s.exitCode().orElse(137))
                .withReason(reason)
                .withStartedAt(s.startedAt().map(PodStatusBuilder::seconds).orElse(null))
                .withFinishedAt(s.finishedAt().map(PodStatusBuilder::seconds).orElse(null))
                .withContainerID("process://" + c.id)
                .endTerminated().build();
    }

    private static PodCondition condition(PodStatus old, String type, boolean value, String reason, String message, String now) {
        String status = value ? "True" : "False";
        String transition = now;
        if (old.getConditions() != null) {
            for (PodCondition c : old.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        PodCondition c = new PodCondition();
        c.setType(type);
        c.setStatus(status);
        c.setLastTransitionTime(transition);
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }

    static String qosClass(Pod pod) {
        boolean anyRequestOrLimit = false;
        boolean guaranteed = true;
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        for (Container c : all) {
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            if ((requests != null && !requests.isEmpty()) || (limits != null && !limits.isEmpty())) {
                anyRequestOrLimit = true;
            }
            for (String r : List.of("cpu", "memory")) {
                Quantity limit = limits == null ? null : limits.get(r);
                Quantity request = requests == null ? null : requests.get(r);
                if (limit == null || (request != null
                        && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) != 0)) {
                    guaranteed = false;
                }
            }
        }
        if (!anyRequestOrLimit) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
