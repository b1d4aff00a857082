package io.tugboat.runtime.process;

import io.tugboat.runtime.ContainerRuntime;
import io.tugboat.runtime.ContainerSpec;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import io.tugboat.runtime.Mount;
import io.tugboat.runtime.Recovered;
import io.tugboat.runtime.RuntimeFailure;
import io.tugboat.runtime.Sandbox;
import io.tugboat.runtime.SandboxSpec;
import io.tugboat.runtime.Signal;
import io.tugboat.runtime.cgroups.Cgroups;
import io.tugboat.runtime.logs.CriLogWriter;
import io.tugboat.runtime.logs.FifoLogPump;
import io.tugboat.runtime.network.CniNetwork;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process runtime: each container is a supervised host process. It is started through a small sh shim (in
 * its own session and process group) that joins the container's cgroups, makes its bind mounts, runs the command
 * in the foreground and records its exit status in a file, so a restarted agent knows how an adopted container
 * ended. Output goes through two FIFOs into the CRI log, so the container never depends on the agent's pipes.
 *
 * <p>With isolation (root), a sandbox is a network namespace wired by CNI plus a UTS namespace bound to a file;
 * every container joins both and gets a mount namespace of its own. Without isolation everything runs on the
 * host: no namespaces, mounts, limits or pod IP, but the same shim, FIFOs and records, so adoption works too.
 *
 * <p>Known loss: output still in a FIFO when its container exits while no agent runs is gone with the FIFO's
 * last writer; and while no agent reads, a container blocks once a pipe buffer (64 KiB) is full.
 */
public final class ProcessRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final int SIGKILL = 9;
    private static final Duration LOG_DRAIN = Duration.ofSeconds(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration SHIM_START = Duration.ofSeconds(10);

    private final ProcessRuntimeConfig config;
    private final StateStore store;
    private final Launcher launcher;
    private final Cgroups cgroups;       // null when not isolated
    private final CniNetwork network;    // null when not isolated
    private final UtsNamespace uts = new UtsNamespace();
    private final ProcessGroups groups = new ProcessGroups();
    private final String mkfifo = HostCommand.find("mkfifo");
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, Object> sandboxLocks = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("process-runtime-", 0).factory());
    private final ExitPoller poller = new ExitPoller(workers);
    private final AtomicBoolean mountWarning = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean closed;

    public ProcessRuntime(ProcessRuntimeConfig config) throws RuntimeFailure {
        this.config = config;
        try {
            Path stateDir = config.stateDir().toAbsolutePath();
            this.store = new StateStore(stateDir);
            this.launcher = new Launcher(stateDir.resolve("bin"));
            if (config.isolate()) {
                this.cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"), config.cgroupParent());
                this.network = new CniNetwork(config.cniBinDir(), config.bridgeName(), config.podCidr(),
                        stateDir.resolve("cni"));
            } else {
                this.cgroups = null;
                this.network = null;
            }
        } catch (IOException e) {
            throw new RuntimeFailure("process runtime: cannot initialise " + config.stateDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public boolean isolated() {
        return config.isolate();
    }

    // ---- sandboxes ----------------------------------------------------------------------------------------

    @Override
    public Sandbox createSandbox(SandboxSpec spec) throws RuntimeFailure {
        synchronized (sandboxLock(spec.id())) {
            Optional<SandboxRecord> existing = store.sandbox(spec.id());
            if (existing.isPresent() && existing.get().complete()) {
                return toSandbox(existing.get());
            }
            try {
                if (existing.isPresent()) {
                    teardown(existing.get()); // left half-made by a crash: start over
                }
                boolean ownNetwork = config.isolate() && !spec.hostNetwork();
                SandboxRecord record = new SandboxRecord(spec.id(), spec.hostname(), spec.hostNetwork(), spec.labels(),
                        spec.files(), ownNetwork ? netnsName(spec.id()) : null,
                        ownNetwork ? store.sandboxDir(spec.id()).resolve("uts").toString() : null, null, List.of(),
                        false, clock.instant().toString());
                // Recorded before anything exists: whatever a crash leaves from here on, the record names it.
                store.write(record);
                try {
                    List<String> dirs = List.of();
                    String ip = null;
                    if (config.isolate()) {
                        dirs = cgroups.createSandbox(spec.id()).stream().map(Path::toString).toList();
                        store.write(record.withCgroups(dirs));
                    }
                    if (ownNetwork) {
                        ip = network.add(record.netns(), spec.id()).ip();
                        uts.create(Path.of(record.utsFile()), spec.hostname());
                    }
                    SandboxRecord done = record.completed(ip, dirs);
                    store.write(done);
                    LOG.info("sandbox {} created{}", spec.id(), ip == null ? "" : " with IP " + ip);
                    return toSandbox(done);
                } catch (IOException e) {
                    try {
                        teardown(store.sandbox(spec.id()).orElse(record));
                    } catch (IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                    throw e;
                }
            } catch (IOException e) {
                throw new RuntimeFailure("failed to create pod sandbox: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void removeSandbox(String sandboxId) throws RuntimeFailure {
        synchronized (sandboxLock(sandboxId)) {
            Optional<SandboxRecord> record = store.sandbox(sandboxId);
            List<String> running = containers.values().stream()
                    .filter(c -> c.running() && c.record().spec().sandboxId().equals(sandboxId))
                    .map(Container::id).toList();
            if (!running.isEmpty()) {
                throw new RuntimeFailure("pod sandbox " + sandboxId + " still has running containers " + running);
            }
            try {
                if (record.isPresent()) {
                    teardown(record.get());
                }
                store.deleteSandbox(sandboxId);
            } catch (IOException e) {
                throw new RuntimeFailure("failed to remove pod sandbox " + sandboxId + ": " + e.getMessage(), e);
            }
            sandboxLocks.remove(sandboxId);
        }
    }

    /** Undoes whatever of the sandbox exists; each step tolerates its part being gone already. */
    private void teardown(SandboxRecord record) throws IOException {
        if (record.netns() != null && network != null) {
            network.delete(record.netns(), record.id());
        }
        if (record.utsFile() != null) {
            uts.remove(Path.of(record.utsFile()));
        }
        if (cgroups != null && !record.cgroupDirs().isEmpty()) {
            cgroups.remove(paths(record.cgroupDirs()));
        }
    }

    private Sandbox toSandbox(SandboxRecord r) {
        return new Sandbox(r.id(), r.labels(), Optional.ofNullable(r.ip()), r.hostNetwork());
    }

    /** Unique per cluster (cgroup parent) and sandbox: two clusters on one machine never share a name. */
    private String netnsName(String sandboxId) {
        return "tug-" + config.cgroupParent().replaceAll("[^A-Za-z0-9]", "-") + "-" + sandboxId;
    }

    private Object sandboxLock(String id) {
        return sandboxLocks.computeIfAbsent(id, k -> new Object());
    }

    // ---- containers ---------------------------------------------------------------------------------------

    @Override
    public ContainerStatus startContainer(ContainerSpec spec) throws RuntimeFailure {
        ensureOpen();
        SandboxRecord sandbox = store.sandbox(spec.sandboxId()).filter(SandboxRecord::complete)
                .orElseThrow(() -> new RuntimeFailure("pod sandbox " + spec.sandboxId() + " not found"));
        if (spec.argv().isEmpty()) {
            throw new RuntimeFailure("container " + spec.name() + ": no command given");
        }
        Path dir = store.containerDir(spec.id());
        if (containers.containsKey(spec.id()) || Files.exists(dir)) {
            throw new RuntimeFailure("container " + spec.id() + " already exists");
        }
        Map<String, String> env = containerEnv(spec.env(), sandbox.hostname());
        String workingDir = spec.workingDir().isEmpty() ? dir.toString() : spec.workingDir();
        List<Mount> mounts = mounts(sandbox, spec);
        ExecutableLookup.check(spec.argv().getFirst(), env.get("PATH"), workingDir, mounts);

        List<Path> cgroupDirs = List.of();
        try {
            Files.createDirectories(dir);
            makeFifos(dir);
            writeMounts(dir.resolve("mounts"), mounts);
            if (config.isolate()) {
                cgroupDirs = cgroups.createContainer(paths(sandbox.cgroupDirs()), spec.id(), spec.resources());
            }
        } catch (IOException e) {
            cleanupFailedStart(spec.id(), cgroupDirs);
            throw new RuntimeFailure("failed to create container " + spec.name() + ": " + e.getMessage(), e);
        }
        ContainerRecord record = new ContainerRecord(spec, 0, 0, null,
                cgroupDirs.stream().map(Path::toString).toList(), null, null, null);
        Process process;
        FifoLogPump pump = null;
        try {
            CriLogWriter writer = new CriLogWriter(spec.logFile(), config.logMaxBytes(), config.logMaxFiles(), clock);
            // Reading before the process starts: output of a command that exits at once is not lost.
            pump = FifoLogPump.start(spec.id(), dir.resolve("stdout.fifo"), dir.resolve("stderr.fifo"), writer);
            // Recorded before the process exists, so a crash right after the start still finds it (via the pid file).
            store.write(record);
            List<String> command = launcher.run(dir, sandbox.netns() == null ? null : CniNetwork.netnsPath(sandbox.netns()).toString(),
                    sandbox.utsFile(), config.isolate(), cgroups == null ? List.of() : cgroups.procsFiles(cgroupDirs),
                    workingDir, spec.argv());
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // The shim's own messages (and nsenter's) go to a file: no pipe to the JVM that a dead agent would break.
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("shim.log").toFile()));
            pb.redirectErrorStream(true);
            process = pb.start();
        } catch (IOException e) {
            if (pump != null) {
                pump.stop();
            }
            cleanupFailedStart(spec.id(), cgroupDirs);
            throw new RuntimeFailure("failed to start container " + spec.name() + ": " + e.getMessage(), e);
        }
        awaitCommand(dir, process);
        long ticks = ProcInfo.read(process.pid()).map(ProcInfo::startTicks).orElse(0L);
        record = record.started(process.pid(), ticks, clock.instant().toString());
        Container container = new Container(record, process);
        containers.put(spec.id(), container);
        try {
            store.write(record);
        } catch (IOException e) {
            LOG.warn("container {}: cannot record its pid: {}", spec.id(), e.toString());
        }
        container.pump(pump);
        // Our own waiter, not Process.onExit(): that completes on the common pool, which a busy or small machine
        // (parallelism 1 on two cores) may not get around to.
        workers.execute(() -> {
            try {
                process.waitFor();
                finish(container);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close(): the container lives on, the next agent adopts it
            } catch (RuntimeException e) {
                LOG.error("container {}: recording its exit failed", spec.id(), e);
            }
        });
        LOG.info("container {} ({}) started, pid {}", spec.id(), spec.name(), process.pid());
        return container.status();
    }

    /**
     * Waits until the command itself runs: the shim has finished its prelude (its pid file written, so setsid has made
     * the process group; cgroups joined; mounts made) and its child has exec'd the command. A signal that lands between the shim's fork
     * and the command's exec is swallowed by the shell's trap handler in the child, so "started" means past it.
     */
    private static void awaitCommand(Path dir, Process process) {
        long deadline = System.nanoTime() + SHIM_START.toNanos();
        // Written by the shim after its prelude (cgroups joined, mounts made), whose helpers are children too: only a
        // child seen after it is the command.
        Path launching = dir.resolve("launching");
        String shimCmdline = null;
        while (process.isAlive() && !Files.exists(dir.resolve("exit")) && System.nanoTime() < deadline) {
            if (Files.exists(launching)) {
                if (!ProcInfo.childrenListed()) {
                    return; // cannot see the exec: the marker is the best there is
                }
                if (shimCmdline == null) {
                    shimCmdline = ProcInfo.cmdline(process.pid());
                }
                for (long child : ProcInfo.children(process.pid())) {
                    String cmdline = ProcInfo.cmdline(child);
                    if (!cmdline.isEmpty() && !cmdline.equals(shimCmdline)) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (process.isAlive() && !Files.exists(dir.resolve("exit"))) {
            LOG.warn("container in {}: command not started within {}", dir, SHIM_START);
        }
    }

    private void cleanupFailedStart(String id, List<Path> cgroupDirs) {
        if (cgroups != null && !cgroupDirs.isEmpty()) {
            cgroups.remove(cgroupDirs);
        }
        try {
            store.deleteContainer(id);
        } catch (IOException e) {
            LOG.warn("container {}: cannot remove state after failed start: {}", id, e.toString());
        }
    }

    /** The container's environment: its own, plus PATH and HOSTNAME when absent, as container runtimes add them. */
    private static Map<String, String> containerEnv(Map<String, String> env, String hostname) {
        Map<String, String> result = new LinkedHashMap<>();
        result.putIfAbsent("PATH", ExecutableLookup.DEFAULT_PATH);
        result.putIfAbsent("HOSTNAME", hostname);
        result.putAll(env);
        return result;
    }

    private List<Mount> mounts(SandboxRecord sandbox, ContainerSpec spec) {
        if (!config.isolate()) {
            if ((!spec.mounts().isEmpty() || !sandbox.files().isEmpty()) && mountWarning.compareAndSet(false, true)) {
                LOG.warn("process runtime without isolation ignores bind mounts (first seen on container {})", spec.id());
            }
            return List.of();
        }
        List<Mount> all = new ArrayList<>();
        for (Mount file : sandbox.files()) {
            all.add(new Mount(file.hostPath(), file.containerPath(), true));
        }
        all.addAll(spec.mounts());
        return all;
    }

    private static void writeMounts(Path file, List<Mount> mounts) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Mount m : mounts) {
            String src = m.hostPath().toAbsolutePath().toString();
            if (src.contains("\n") || m.containerPath().contains("\n") || !m.containerPath().startsWith("/")) {
                throw new IOException("invalid mount " + src + " -> " + m.containerPath());
            }
            if (!Files.exists(m.hostPath())) {
                throw new IOException("mount source " + src + " does not exist");
            }
            sb.append(m.readOnly() ? "ro" : "rw").append('\n').append(src).append('\n').append(m.containerPath()).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
    }

    private void makeFifos(Path dir) throws IOException {
        Path out = dir.resolve("stdout.fifo");
        Path err = dir.resolve("stderr.fifo");
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        HostCommand.Result r = HostCommand.run(List.of(mkfifo, "-m", "600", out.toString(), err.toString()));
        if (!r.ok()) {
            throw new IOException("mkfifo: " + r.message());
        }
    }

    /** Records how the container ended, once: exit file, else the shim's own status, else 137 (killed). */
    private void finish(Container c) {
        if (closed || !c.startFinishing()) {
            return;
        }
        LOG.debug("container {}: finishing", c.id());
        ContainerRecord record = c.record();
        String id = record.spec().id();
        Path dir = store.containerDir(id);
        Optional<Integer> fromFile = readExitFile(dir);
        int code = fromFile.orElseGet(() -> c.child().map(Process::exitValue).orElse(128 + SIGKILL));
        if (record.pid() > 1) {
            // The container ends with its main process, as it would in a PID namespace: no stragglers.
            groups.signal(record.pid(), SIGKILL);
        }
        FifoLogPump pump = c.pump();
        LOG.debug("container {}: exit {}, draining its log", c.id(), code);
        if (pump != null) {
            pump.processGone();
            try {
                pump.done().get(LOG_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                pump.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean oom = code != 0 && cgroups != null && !record.cgroupDirs().isEmpty() && cgroups.oomKilled(paths(record.cgroupDirs()));
        String reason = code == 0 ? "Completed" : oom ? "OOMKilled" : "Error";
        if (cgroups != null && !record.cgroupDirs().isEmpty()) {
            // nothing runs in it any more and the OOM verdict is read: an exited container keeps no cgroup, so that
            // its sandbox's cgroup can go while the container is still remembered for its status and logs
            cgroups.remove(paths(record.cgroupDirs()));
        }
        Instant finishedAt = exitFileTime(dir).orElse(clock.instant());
        ContainerRecord exited = record.exited(code, reason, finishedAt.toString());
        c.record(exited);
        if (Files.isDirectory(dir)) {
            try {
                store.write(exited);
            } catch (IOException e) {
                LOG.warn("container {}: cannot record its exit: {}", id, e.toString());
            }
        }
        LOG.info("container {} exited with {} ({})", id, code, reason);
        c.exited().complete(Container.exitedStatus(exited));
    }

    private static Optional<Integer> readExitFile(Path dir) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(dir.resolve("exit"), StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> exitFileTime(Path dir) {
        try {
            return Optional.of(Files.getLastModifiedTime(dir.resolve("exit")).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ContainerStatus> status(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(Container::status);
    }

    @Override
    public CompletableFuture<ContainerStatus> exited(String containerId) {
        Container c = containers.get(containerId);
        if (c == null) {
            return CompletableFuture.failedFuture(new RuntimeFailure("container " + containerId + " not found"));
        }
        return c.exited();
    }

    @Override
    public void signal(String containerId, Signal signal) {
        Container c = containers.get(containerId);
        if (c != null && c.running() && isOurs(c.record())) {
            groups.signal(c.record().pid(), signal.number());
        }
    }

    @Override
    public ContainerStatus stopContainer(String containerId, Duration grace) throws RuntimeFailure {
        Container c = containers.get(containerId);
        if (c == null) {
            throw new RuntimeFailure("container " + containerId + " not found");
        }
        if (!c.running()) {
            return c.status();
        }
        try {
            if (!grace.isZero() && !grace.isNegative()) {
                signal(containerId, Signal.TERM);
                try {
                    return c.exited().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    LOG.info("container {} still running {} after SIGTERM, killing it", containerId, grace);
                }
            }
            signal(containerId, Signal.KILL);
            return c.exited().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RuntimeFailure("container " + containerId + " did not exit after SIGKILL");
        } catch (ExecutionException e) {
            throw new RuntimeFailure("container " + containerId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while stopping container " + containerId, e);
        }
    }

    /** The recorded pid still names the process we started (and not a later one that reused the number). */
    private static boolean isOurs(ContainerRecord r) {
        return r.pid() > 1 && ProcInfo.alive(r.pid(), r.startTicks());
    }

    @Override
    public ExecProcess exec(String containerId, ExecSpec spec) throws RuntimeFailure {
        Container c = containers.get(containerId);
        if (c == null || !c.running() || !isOurs(c.record())) {
            throw new RuntimeFailure("container " + containerId + " is not running");
        }
        if (spec.argv().isEmpty()) {
            throw new RuntimeFailure("exec: no command given");
        }
        ContainerRecord r = c.record();
        SandboxRecord sandbox = store.sandbox(r.spec().sandboxId())
                .orElseThrow(() -> new RuntimeFailure("pod sandbox " + r.spec().sandboxId() + " not found"));
        Map<String, String> env = containerEnv(r.spec().env(), sandbox.hostname());
        if (spec.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        String workingDir = r.spec().workingDir().isEmpty() ? store.containerDir(containerId).toString() : r.spec().workingDir();
        ExecutableLookup.check(spec.argv().getFirst(), env.get("PATH"), workingDir, mounts(sandbox, r.spec()));
        List<Path> procs = cgroups == null ? List.of() : cgroups.procsFiles(paths(r.cgroupDirs()));
        long nsPid = config.isolate() ? r.pid() : 0;
        try {
            if (spec.tty()) {
                // pty4j makes the command a session leader itself
                String size = spec.rows() > 0 && spec.columns() > 0 ? spec.rows() + " " + spec.columns() : "";
                return PtyExecProcess.start(launcher.exec(nsPid, false, procs, workingDir, size, spec.argv()), env,
                        spec.stdin(), spec.columns(), spec.rows(), groups);
            }
            return PipeExecProcess.start(launcher.exec(nsPid, true, procs, workingDir, "", spec.argv()), env, spec.stdin(), groups);
        } catch (IOException | RuntimeException e) {
            throw new RuntimeFailure("exec in container " + containerId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void removeContainer(String containerId) {
        Container c = containers.get(containerId);
        if (c != null && c.running()) {
            // Forgetting a live process would orphan it.
            try {
                stopContainer(containerId, Duration.ZERO);
            } catch (RuntimeFailure e) {
                LOG.warn("container {}: {}", containerId, e.getMessage());
            }
        }
        containers.remove(containerId);
        Optional<ContainerRecord> record = c != null ? Optional.of(c.record()) : store.container(containerId);
        if (cgroups != null) {
            record.ifPresent(r -> cgroups.remove(paths(r.cgroupDirs())));
        }
        try {
            store.deleteContainer(containerId);
        } catch (IOException e) {
            LOG.warn("container {}: cannot remove its state: {}", containerId, e.toString());
        }
    }

    // ---- recovery -----------------------------------------------------------------------------------------

    @Override
    public Recovered recover() throws RuntimeFailure {
        ensureOpen();
        try {
            List<Sandbox> sandboxes = new ArrayList<>();
            for (SandboxRecord s : store.sandboxes()) {
                if (s.complete()) {
                    sandboxes.add(toSandbox(s));
                } else {
                    LOG.info("sandbox {} was left half-made; removing it", s.id());
                    synchronized (sandboxLock(s.id())) {
                        teardown(s);
                        store.deleteSandbox(s.id());
                    }
                }
            }
            List<ContainerStatus> result = new ArrayList<>();
            for (ContainerRecord r : store.containers()) {
                result.add(adopt(r));
            }
            return new Recovered(sandboxes, result);
        } catch (IOException e) {
            throw new RuntimeFailure("process runtime: cannot read " + config.stateDir() + ": " + e.getMessage(), e);
        }
    }

    private ContainerStatus adopt(ContainerRecord record) throws IOException {
        String id = record.spec().id();
        Container known = containers.get(id);
        if (known != null) {
            return known.status();
        }
        Path dir = store.containerDir(id);
        if (record.pid() == 0) {
            record = pidFromShim(record, dir);
        }
        Container c = new Container(record, null);
        containers.put(id, c);
        if (record.exitCode() != null) {
            c.startFinishing();
            c.exited().complete(Container.exitedStatus(record));
        } else if (isOurs(record)) {
            CriLogWriter writer = new CriLogWriter(record.spec().logFile(), config.logMaxBytes(), config.logMaxFiles(), clock);
            c.pump(FifoLogPump.start(id, dir.resolve("stdout.fifo"), dir.resolve("stderr.fifo"), writer));
            poller.watch(id, record.pid(), record.startTicks(), () -> finish(c));
            LOG.info("adopted running container {} (pid {})", id, record.pid());
        } else {
            finish(c);
        }
        return c.status();
    }

    /**
     * The agent died between starting a shim and recording its pid: the shim wrote its own pid, and its command
     * line names this container's directory, which tells it from a process that reused the number.
     */
    private static ContainerRecord pidFromShim(ContainerRecord record, Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
            Optional<ProcInfo> info = ProcInfo.read(pid);
            if (info.isPresent() && ProcInfo.cmdline(pid).contains(" " + dir + " ")) {
                return record.started(pid, info.get().startTicks(), Instant.now().toString());
            }
        } catch (IOException | NumberFormatException e) {
            // no pid file: the shim never ran
        }
        return record;
    }

    @Override
    public void close() {
        closed = true;
        poller.close();
        List<CompletableFuture<Void>> pumps = new ArrayList<>();
        for (Container c : containers.values()) {
            FifoLogPump pump = c.pump();
            if (pump != null) {
                pump.stop();
                pumps.add(pump.done());
            }
        }
        try {
            // Readers must be gone before another runtime opens the same FIFOs, or they would split the output.
            CompletableFuture.allOf(pumps.toArray(CompletableFuture[]::new)).get(LOG_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("log readers did not stop in time: {}", e.toString());
        }
        workers.shutdownNow();
        if (cgroups != null) {
            cgroups.removeParentIfEmpty();
        }
    }

    private void ensureOpen() throws RuntimeFailure {
        if (closed) {
            throw new RuntimeFailure("process runtime is closed");
        }
    }

    private static List<Path> paths(List<String> dirs) {
        return dirs.stream().map(Path::of).toList();
    }
}
