package io.tugboat.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the node agent needs from something that runs containers. The agent owns the pod lifecycle
 * (restart policy, probes, back-off); a runtime only makes sandboxes and runs, signals, stops and
 * execs into containers, and keeps enough on disk that a restarted agent can {@link #recover()} them.
 *
 * <p>A sandbox is the pod: its network namespace (own IP on the node's bridge when isolation is on),
 * its UTS namespace (hostname = pod name). Containers run inside a sandbox; each has its own mount
 * namespace carrying its mounts. Every method is safe to call from several threads.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Short name used in events and runtimeClassName, e.g. "process". */
    String name();

    /** True when pods get their own namespaces, IP and cgroups (root); false means host network, no limits. */
    boolean isolated();

    /** Creates the sandbox, or returns the existing one with the same id (idempotent). */
    Sandbox createSandbox(SandboxSpec spec) throws RuntimeFailure;

    /** Tears the sandbox down (network, namespaces, cgroup). Containers in it must be stopped first. Idempotent. */
    void removeSandbox(String sandboxId) throws RuntimeFailure;

    /** Starts a container in its sandbox. Returns once the process exists (RUNNING). */
    ContainerStatus startContainer(ContainerSpec spec) throws RuntimeFailure;

    /** Current status; empty when the runtime knows no such container. */
    java.util.Optional<ContainerStatus> status(String containerId);

    /** Completes with the final status (state EXITED) when the container's process ends, for adopted ones too. */
    CompletableFuture<ContainerStatus> exited(String containerId);

    /** Sends a signal to the container's process group. No-op when it has exited. */
    void signal(String containerId, Signal signal);

    /**
     * SIGTERM to the process group, SIGKILL after {@code grace}; returns the final status once the process
     * is gone. A zero grace kills at once.
     */
    ContainerStatus stopContainer(String containerId, Duration grace) throws RuntimeFailure;

    /** Runs a command in the running container's namespaces, environment and working directory. */
    ExecProcess exec(String containerId, ExecSpec spec) throws RuntimeFailure;

    /** Forgets an exited container: its state directory goes; its log files stay (they belong to the agent). */
    void removeContainer(String containerId);

    /**
     * What a previous run left: every sandbox and container still on record, running or exited, with the
     * labels they were created with. Called once at agent start, before any other call. Running containers
     * are adopted: {@link #exited} and {@link #stopContainer} work on them as on new ones.
     */
    Recovered recover() throws RuntimeFailure;

    /** Releases threads and watchers; leaves containers running (the agent decides whether to stop them). */
    @Override
    void close();
}
