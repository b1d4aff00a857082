package io.tugboat.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tugboat.runtime.ContainerSpec;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import io.tugboat.runtime.Recovered;
import io.tugboat.runtime.Resources;
import io.tugboat.runtime.RuntimeFailure;
import io.tugboat.runtime.Signal;
import io.tugboat.runtime.logs.ContainerLogs;
import io.tugboat.runtime.logs.LogQuery;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process runtime without isolation: what every agent, root or not, relies on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcessRuntimeTest {

    private RuntimeFixture fixture;
    private ProcessRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new RuntimeFixture(false);
        runtime = fixture.runtime();
        fixture.sandbox(runtime, "sb");
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private ContainerStatus runToEnd(ContainerSpec spec) throws Exception {
        runtime.startContainer(spec);
        return runtime.exited(spec.id()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void stdoutAndStderrGoToTheCriLog() throws Exception {
        ContainerSpec spec = fixture.spec("sb", "sh", "-c", "echo hi; echo err >&2; printf 'no newline'");
        ContainerStatus status = runToEnd(spec);

        assertThat(status.exitCode()).contains(0);
        assertThat(status.reason()).contains("Completed");
        assertThat(status.labels()).containsEntry("container", spec.name());
        List<String> raw = Files.readAllLines(spec.logFile());
        assertThat(raw).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z stdout F hi"));
        assertThat(raw).anyMatch(l -> l.endsWith(" stderr F err"));
        assertThat(RuntimeFixture.logs(spec)).contains("hi\n", "err\n", "no newline\n");
        String stamped = RuntimeFixture.logs(spec.logFile(),
                new LogQuery(false, OptionalLong.empty(), Optional.empty(), true, OptionalLong.empty()));
        assertThat(stamped).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z hi$");
    }

    @Test
    void tailSinceAndLimitBytes() throws Exception {
        ContainerSpec spec = fixture.spec("sb", "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; sleep 0.3; echo late");
        Instant start = Instant.now();
        runtime.startContainer(spec);
        await().atMost(Duration.ofSeconds(5)).until(() -> RuntimeFixture.logs(spec).contains("line5"));
        Instant between = Instant.now();
        runtime.exited(spec.id()).get(10, TimeUnit.SECONDS);

        assertThat(RuntimeFixture.logs(spec.logFile(), query(OptionalLong.of(2), null, OptionalLong.empty())))
                .isEqualTo("line5\nlate\n");
        assertThat(RuntimeFixture.logs(spec.logFile(), query(OptionalLong.empty(), between, OptionalLong.empty())))
                .isEqualTo("late\n");
        assertThat(RuntimeFixture.logs(spec.logFile(), query(OptionalLong.empty(), start, OptionalLong.of(8))))
                .isEqualTo("line1\nli");
    }

    private static LogQuery query(OptionalLong tail, Instant since, OptionalLong limit) {
        return new LogQuery(false, tail, Optional.ofNullable(since), false, limit);
    }

    @Test
    void followEndsWhenTheContainerExits() throws Exception {
        ContainerSpec spec = fixture.spec("sb", "sh", "-c", "echo one; sleep 0.5; echo two");
        runtime.startContainer(spec);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> follow = new CompletableFuture<>();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                ContainerLogs.write(spec.logFile(), new LogQuery(true, OptionalLong.empty(), Optional.empty(), false,
                        OptionalLong.empty()), out, () -> runtime.status(spec.id()).orElseThrow().running());
                follow.complete(null);
            } catch (Exception e) {
                follow.completeExceptionally(e);
            }
        });
        try {
            follow.get(10, TimeUnit.SECONDS);
        } finally {
            follower.interrupt();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }

    @Test
    void longLinesAreSplitIntoPartialsAndJoinedBack() throws Exception {
        ContainerSpec spec = fixture.spec("sb", "sh", "-c", "head -c 40000 /dev/zero | tr '\\0' a; echo; echo short");
        runToEnd(spec);
        List<String> raw = Files.readAllLines(spec.logFile());
        assertThat(raw).filteredOn(l -> l.contains(" stdout P ")).hasSize(2);
        assertThat(RuntimeFixture.logs(spec)).isEqualTo("a".repeat(40000) + "\nshort\n");
    }

    @Test
    void envAndWorkingDir() throws Exception {
        var workDir = fixture.dir.resolve("work");
        Files.createDirectories(workDir);
        ContainerSpec spec = fixture.spec("sb", Map.of("GREETING", "hello world", "B", "2"), workDir.toString(), List.of(),
                Resources.NONE, "sh", "-c", "echo \"$GREETING\"; pwd; echo \"host=$HOSTNAME\"; env | grep -c JAVA_HOME");
        runToEnd(spec);
        assertThat(RuntimeFixture.logs(spec)).isEqualTo("hello world\n" + workDir + "\nhost=pod-sb\n0\n");
    }

    @Test
    void exitCodesIncludingSignals() throws Exception {
        assertThat(runToEnd(fixture.spec("sb", "sh", "-c", "exit 3")).exitCode()).contains(3);
        ContainerStatus killed = runToEnd(fixture.spec("sb", "sh", "-c", "kill -USR1 $$"));
        assertThat(killed.exitCode()).contains(128 + 10);
        assertThat(killed.reason()).contains("Error");

        ContainerSpec sleeper = fixture.spec("sb", "sleep", "30");
        runtime.startContainer(sleeper);
        runtime.signal(sleeper.id(), Signal.INT);
        assertThat(runtime.exited(sleeper.id()).get(5, TimeUnit.SECONDS).exitCode()).contains(128 + 2);
    }

    @Test
    void unknownCommandFailsBeforeStarting() {
        assertThatThrownBy(() -> runtime.startContainer(fixture.spec("sb", "nosuchcmd")))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessage("exec: \"nosuchcmd\": executable file not found in $PATH");
        assertThatThrownBy(() -> runtime.startContainer(fixture.spec("nosandbox", "true")))
                .hasMessageContaining("not found");
    }

    @Test
    void stopSendsTermThenKillsAfterGrace() throws Exception {
        ContainerSpec polite = fixture.spec("sb", "sleep", "30");
        runtime.startContainer(polite);
        ContainerStatus stopped = runtime.stopContainer(polite.id(), Duration.ofSeconds(5));
        assertThat(stopped.exitCode()).contains(143);
        assertThat(stopped.finishedAt()).isPresent();

        ContainerSpec stubborn = fixture.spec("sb", "sh", "-c", "trap 'echo ignoring TERM' TERM; echo ready; while :; do sleep 0.1; done");
        runtime.startContainer(stubborn);
        await().atMost(Duration.ofSeconds(5)).until(() -> RuntimeFixture.logs(stubborn).contains("ready"));
        long t0 = System.nanoTime();
        ContainerStatus killed = runtime.stopContainer(stubborn.id(), Duration.ofMillis(700));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(killed.exitCode()).contains(137);
        assertThat(RuntimeFixture.logs(stubborn)).contains("ignoring TERM");
        // the whole group went: no sleep child survives
        assertThat(ProcInfo.read(killed.pid())).isEmpty();
    }

    @Test
    void execWithPipes() throws Exception {
        ContainerSpec spec = fixture.spec("sb", Map.of("FOO", "bar"), "", List.of(), Resources.NONE, "sleep", "30");
        runtime.startContainer(spec);
        ExecProcess exec = runtime.exec(spec.id(), new ExecSpec(List.of("sh", "-c", "read x; echo \"$FOO $x\"; echo oops >&2; exit 4"),
                true, false, 0, 0));
        exec.stdin().write("typed\n".getBytes(StandardCharsets.UTF_8));
        exec.stdin().close();
        assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bar typed\n");
        assertThat(new String(exec.stderr().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
        assertThat(exec.exitCode().get(5, TimeUnit.SECONDS)).isEqualTo(4);

        assertThatThrownBy(() -> runtime.exec(spec.id(), new ExecSpec(List.of("nosuchcmd"), false, false, 0, 0)))
                .hasMessage("exec: \"nosuchcmd\": executable file not found in $PATH");
    }

    @Test
    void execWithTtyAndResize() throws Exception {
        ContainerSpec spec = fixture.spec("sb", "sleep", "30");
        runtime.startContainer(spec);
        ExecProcess exec = runtime.exec(spec.id(), new ExecSpec(
                List.of("sh", "-c", "stty size; tty; read x; stty size; exit 5"), true, true, 100, 30));
        StringBuilder seen = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[1024];
            int n;
            try {
                while ((n = exec.stdout().read(buf)) > 0) {
                    synchronized (seen) {
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (Exception ignored) {
                // the terminal closes with EIO when the command ends
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> { synchronized (seen) { return seen.toString().contains("/dev/pts/"); } });
        assertThat(seen.toString()).contains("30 100");
        exec.resize(120, 40);
        exec.stdin().write("\n".getBytes(StandardCharsets.UTF_8));
        exec.stdin().flush();
        assertThat(exec.exitCode().get(5, TimeUnit.SECONDS)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> { synchronized (seen) { return seen.toString().contains("40 120"); } });
        reader.join(Duration.ofSeconds(2));
    }

    @Test
    void logRotationKeepsLinesReadableAcrossFiles() throws Exception {
        ProcessRuntime small = fixture.runtime(fixture.config.withLogLimits(2048, 3));
        ContainerSpec spec = fixture.spec("sb", "sh", "-c",
                "i=0; while [ $i -lt 200 ]; do echo \"line $i padding-padding-padding\"; i=$((i+1)); done");
        small.startContainer(spec);
        small.exited(spec.id()).get(10, TimeUnit.SECONDS);
        assertThat(spec.logFile().resolveSibling(spec.logFile().getFileName() + ".1")).exists();
        assertThat(spec.logFile().resolveSibling(spec.logFile().getFileName() + ".2")).exists();
        assertThat(spec.logFile().resolveSibling(spec.logFile().getFileName() + ".3")).doesNotExist();
        assertThat(Files.size(spec.logFile())).isLessThanOrEqualTo(2048);
        String all = RuntimeFixture.logs(spec);
        assertThat(all).endsWith("line 199 padding-padding-padding\n").doesNotContain("line 0 ");
        assertThat(RuntimeFixture.logs(spec.logFile(), query(OptionalLong.of(1), null, OptionalLong.empty())))
                .isEqualTo("line 199 padding-padding-padding\n");
        small.removeContainer(spec.id());
    }

    @Test
    void recoverAdoptsRunningContainers() throws Exception {
        ContainerSpec ticking = fixture.spec("sb", "sh", "-c", "i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.1; done");
        ContainerSpec done = fixture.spec("sb", "sh", "-c", "exit 7");
        ContainerStatus started = runtime.startContainer(ticking);
        runToEnd(done);
        await().atMost(Duration.ofSeconds(5)).until(() -> RuntimeFixture.logs(ticking).contains("tick 2"));
        runtime.close(); // the agent goes away; the container does not

        ProcessRuntime second = fixture.runtime();
        Recovered recovered = second.recover();
        assertThat(recovered.sandboxes()).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("pod", "sb"));
        ContainerStatus adopted = recovered.containers().stream().filter(c -> c.id().equals(ticking.id())).findFirst().orElseThrow();
        assertThat(adopted.running()).isTrue();
        assertThat(adopted.pid()).isEqualTo(started.pid());
        assertThat(adopted.labels()).isEqualTo(ticking.labels());
        ContainerStatus finished = recovered.containers().stream().filter(c -> c.id().equals(done.id())).findFirst().orElseThrow();
        assertThat(finished.exitCode()).contains(7);

        // output written after the restart reaches the log
        int before = RuntimeFixture.logs(ticking).split("\n").length;
        await().atMost(Duration.ofSeconds(5)).until(() -> RuntimeFixture.logs(ticking).split("\n").length > before + 3);
        assertThat(RuntimeFixture.logs(ticking)).doesNotContain("tick 1tick"); // no line torn by the hand-over

        ContainerStatus stopped = second.stopContainer(ticking.id(), Duration.ofSeconds(5));
        assertThat(stopped.exitCode()).contains(143);
        assertThat(second.exited(ticking.id())).isCompleted();
        // a third agent sees it exited, with the same code, and starts nothing
        second.close();
        ProcessRuntime third = fixture.runtime();
        assertThat(third.recover().containers()).allMatch(c -> !c.running())
                .anySatisfy(c -> assertThat(c.exitCode()).contains(143));
    }

    @Test
    void adoptedContainerExitIsNoticed() throws Exception {
        ContainerSpec spec = fixture.spec("sb", "sh", "-c", "sleep 1; exit 9");
        runtime.startContainer(spec);
        runtime.close();
        ProcessRuntime second = fixture.runtime();
        assertThat(second.recover().containers()).singleElement().matches(ContainerStatus::running);
        ContainerStatus end = second.exited(spec.id()).get(10, TimeUnit.SECONDS);
        assertThat(end.exitCode()).contains(9);
        assertThat(end.reason()).contains("Error");
    }
}
