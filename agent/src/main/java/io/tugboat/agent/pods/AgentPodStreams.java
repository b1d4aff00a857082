package io.tugboat.agent.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.tugboat.agent.streams.LogSource;
import io.tugboat.agent.streams.PodStreams;
import io.tugboat.agent.streams.StreamException;
import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import io.tugboat.runtime.RuntimeFailure;
import java.util.List;

/** Answers the streaming server from the pods this agent runs. */
public final class AgentPodStreams implements PodStreams {

    private final PodSyncer syncer;
    private final ContainerRuntime runtime;

    public AgentPodStreams(PodSyncer syncer, ContainerRuntime runtime) {
        this.syncer = syncer;
        this.runtime = runtime;
    }

    @Override
    public LogSource logs(String namespace, String pod, String container, boolean previous) throws StreamException {
        PodRecord record = record(namespace, pod);
        String name = containerName(record, container);
        ContainerRecord c = previous ? record.previous.get(name) : record.current.get(name);
        if (c == null) {
            if (previous) {
                throw new StreamException(400, "BadRequest", "previous terminated container \"" + name + "\" in pod \""
                        + pod + "\" not found");
            }
            throw new StreamException(400, "BadRequest", "container \"" + name + "\" in pod \"" + pod
                    + "\" is waiting to start: ContainerCreating");
        }
        return new LogSource(c.logFile, c::running);
    }

    @Override
    public ExecProcess exec(String namespace, String pod, String container, ExecSpec spec) throws StreamException {
        PodRecord record = record(namespace, pod);
        String name = containerName(record, container);
        ContainerRecord c = record.current.get(name);
        if (c == null || !c.running()) {
            throw new StreamException(400, "BadRequest", "unable to upgrade connection: container not found (\"" + name + "\")");
        }
        try {
            return runtime.exec(c.id, spec);
        } catch (RuntimeFailure e) {
            throw new StreamException(500, "InternalError", e.getMessage());
        }
    }

    @Override
    public String portForwardAddress(String namespace, String pod) throws StreamException {
        PodRecord record = record(namespace, pod);
        if (record.podIp == null || PodSyncer.hostNetwork(record.pod) || !runtime.isolated()) {
            return "127.0.0.1";
        }
        return record.podIp;
    }

    private PodRecord record(String namespace, String pod) throws StreamException {
        return syncer.find(namespace, pod).orElseThrow(() -> new StreamException(404, "NotFound",
                "pod \"" + pod + "\" not found on this node"));
    }

    private static String containerName(PodRecord record, String container) throws StreamException {
        List<Container> containers = record.pod.getSpec().getContainers();
        if (container == null || container.isEmpty()) {
            if (containers != null && containers.size() == 1) {
                return containers.get(0).getName();
            }
            throw new StreamException(400, "BadRequest", "a container name must be specified for pod " + record.name()
                    + ", choose one of: " + containers.stream().map(Container::getName).toList());
        }
        boolean known = (containers != null && containers.stream().anyMatch(c -> c.getName().equals(container)))
                || (record.pod.getSpec().getInitContainers() != null
                && record.pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container)));
        if (!known) {
            throw new StreamException(400, "BadRequest", "container " + container + " is not valid for pod " + record.name());
        }
        return container;
    }
}
