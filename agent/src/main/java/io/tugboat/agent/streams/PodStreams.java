package io.tugboat.agent.streams;

import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;

/**
 * What the agent's streaming server (the kubelet API the API server proxies pods/log, pods/exec and
 * pods/portforward to) asks of the pod lifecycle. Implemented by the agent over its pods and runtime.
 */
public interface PodStreams {

    /**
     * The log of a container of a pod on this node: the current instance, or with {@code previous} the one
     * before its last restart. An empty {@code container} means the pod's only container (a pod with several
     * is a 400 naming them, as Kubernetes says it).
     */
    LogSource logs(String namespace, String pod, String container, boolean previous) throws StreamException;

    /** Starts a command in a running container of a pod on this node. */
    ExecProcess exec(String namespace, String pod, String container, ExecSpec spec) throws StreamException;

    /** The address to dial for a port of the pod: its pod IP, or 127.0.0.1 for host-network pods. */
    String portForwardAddress(String namespace, String pod) throws StreamException;
}
