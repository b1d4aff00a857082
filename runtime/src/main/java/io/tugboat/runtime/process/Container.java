package io.tugboat.runtime.process;

import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.logs.FifoLogPump;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** The runtime's live view of one container: its record, its log pump and how it ends. */
final class Container {

    private volatile ContainerRecord record;
    private final Process child; // null for adopted containers
    private final CompletableFuture<ContainerStatus> exited = new CompletableFuture<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private volatile FifoLogPump pump;

    Container(ContainerRecord record, Process child) {
        this.record = record;
        this.child = child;
    }

    String id() {
        return record.spec().id();
    }

    ContainerRecord record() {
        return record;
    }

    void record(ContainerRecord value) {
        this.record = value;
    }

    Optional<Process> child() {
        return Optional.ofNullable(child);
    }

    FifoLogPump pump() {
        return pump;
    }

    void pump(FifoLogPump value) {
        this.pump = value;
    }

    CompletableFuture<ContainerStatus> exited() {
        return exited;
    }

    /** True for the one caller that gets to record the end. */
    boolean startFinishing() {
        return finishing.compareAndSet(false, true);
    }

    boolean running() {
        return !exited.isDone();
    }

    /** RUNNING until the end has been recorded and the log drained, so log followers see everything first. */
    ContainerStatus status() {
        ContainerRecord r = record;
        if (exited.isDone()) {
            return exited.join();
        }
        return new ContainerStatus(r.spec().id(), r.spec().sandboxId(), r.spec().labels(), ContainerStatus.State.RUNNING,
                r.pid(), Optional.ofNullable(r.startedAt()).map(Instant::parse), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static ContainerStatus exitedStatus(ContainerRecord r) {
        return new ContainerStatus(r.spec().id(), r.spec().sandboxId(), r.spec().labels(), ContainerStatus.State.EXITED,
                r.pid(), Optional.ofNullable(r.startedAt()).map(Instant::parse),
                Optional.ofNullable(r.finishedAt()).map(Instant::parse), Optional.ofNullable(r.exitCode()),
                Optional.ofNullable(r.reason()));
    }
}
