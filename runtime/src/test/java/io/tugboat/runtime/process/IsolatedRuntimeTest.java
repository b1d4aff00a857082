package io.tugboat.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.runtime.ContainerSpec;
import io.tugboat.runtime.ContainerStatus;
import io.tugboat.runtime.ExecProcess;
import io.tugboat.runtime.ExecSpec;
import io.tugboat.runtime.Mount;
import io.tugboat.runtime.Recovered;
import io.tugboat.runtime.Resources;
import io.tugboat.runtime.Sandbox;
import io.tugboat.runtime.SandboxSpec;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pods with their own network, UTS and mount namespaces and cgroups: needs root, as the agent does. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class IsolatedRuntimeTest {

    private RuntimeFixture fixture;
    private ProcessRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessRuntimeConfig.runningAsRoot()).as("isolation tests run as root, as the agent does").isTrue();
        fixture = new RuntimeFixture(true);
        runtime = fixture.runtime();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void containersOfAPodShareLocalhostAndTheHostReachesThePodIp() throws Exception {
        Sandbox pod = fixture.sandbox(runtime, "net");
        assertThat(pod.ip()).isPresent();
        String ip = pod.ip().get();
        assertThat(ip).startsWith(fixture.cidr.substring(0, fixture.cidr.lastIndexOf('.') + 1));
        assertThat(runtime.createSandbox(new SandboxSpec("net", "pod-net", false, Map.of(), List.of())).ip())
                .as("idempotent").contains(ip);

        // A plain socket server: http.server would look its own name up in DNS, which a pod without NAT waits for.
        ContainerSpec server = fixture.spec("net", "python3", "-u", "-c", String.join("\n",
                "import socket",
                "s = socket.socket()",
                "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "s.bind(('0.0.0.0', 8080))",
                "s.listen()",
                "print('listening')",
                "while True:",
                "    c, _ = s.accept()",
                "    c.sendall(b'hello from the pod\\n')",
                "    c.close()"));
        runtime.startContainer(server);
        await().atMost(Duration.ofSeconds(10)).until(() -> RuntimeFixture.logs(server).contains("listening"));

        ContainerSpec client = fixture.spec("net", "python3", "-c",
                "import socket; print(socket.create_connection(('127.0.0.1', 8080), 5).recv(100).decode(), end='')");
        runtime.startContainer(client);
        assertThat(runtime.exited(client.id()).get(10, TimeUnit.SECONDS).exitCode()).contains(0);
        assertThat(RuntimeFixture.logs(client)).isEqualTo("hello from the pod\n");

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, 8080), 2000);
            socket.setSoTimeout(2000);
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from the pod\n");
        }
        // the pod's localhost is not the host's
        try (Socket socket = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", 8080), 500))
                    .isInstanceOf(java.io.IOException.class);
        }
        runtime.stopContainer(server.id(), Duration.ofSeconds(5));
    }

    @Test
    void hostnameMountsAndExecSeeThePod() throws Exception {
        Path hostDir = Files.createDirectories(fixture.dir.resolve("volume"));
        Files.writeString(hostDir.resolve("data.txt"), "from the host\n");
        Path hostsFile = Files.writeString(fixture.dir.resolve("hosts"), "10.0.0.1 pod-files\n");
        Path inside = fixture.dir.resolve("container-view");
        fixture.runtime(); // unused second handle: the fixture closes it too
        runtime.createSandbox(new SandboxSpec("fs", "pod-fs", false, Map.of(),
                List.of(new Mount(hostsFile, inside.resolve("etc-hosts").toString(), false))));

        ContainerSpec spec = fixture.spec("fs", Map.of(), "", List.of(
                        new Mount(hostDir, inside.resolve("rw").toString(), false),
                        new Mount(hostDir, inside.resolve("ro").toString(), true)),
                Resources.NONE, "sh", "-c",
                "cat /proc/sys/kernel/hostname; hostname 2>/dev/null; cat " + inside + "/rw/data.txt; cat " + inside
                        + "/etc-hosts; echo written > " + inside + "/rw/new.txt; "
                        + "if echo x > " + inside + "/ro/denied.txt; then echo ro-broken; else echo ro-enforced; fi; sleep 30");
        runtime.startContainer(spec);
        await().atMost(Duration.ofSeconds(10)).until(() -> RuntimeFixture.logs(spec).contains("ro-"));
        String log = RuntimeFixture.logs(spec);
        assertThat(log).startsWith("pod-fs\n").contains("from the host\n", "10.0.0.1 pod-files\n", "ro-enforced\n");
        assertThat(hostDir.resolve("new.txt")).hasContent("written");
        assertThat(hostDir.resolve("denied.txt")).doesNotExist();
        // the mounts exist only in the container's mount namespace
        assertThat(inside.resolve("rw").resolve("data.txt")).doesNotExist();

        ExecProcess exec = runtime.exec(spec.id(), new ExecSpec(List.of("sh", "-c",
                "cat /proc/sys/kernel/hostname; cat " + inside + "/ro/data.txt; cat /proc/self/cgroup | grep -c " + fixture.cgroupParent),
                false, false, 0, 0));
        assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("pod-fs\nfrom the host\n2\n");
        assertThat(exec.exitCode().get(5, TimeUnit.SECONDS)).isZero();
        runtime.stopContainer(spec.id(), Duration.ofSeconds(5));
    }

    @Test
    void memoryLimitEndsInOomKilledAndTheCgroupGoesWithTheProcess() throws Exception {
        fixture.sandbox(runtime, "res");
        ContainerSpec hog = fixture.spec("res", Map.of(), "", List.of(), new Resources(50L * 1024 * 1024, 250, 100),
                "python3", "-c", "b = bytearray(200 * 1024 * 1024); print('survived')");
        ContainerStatus started = runtime.startContainer(hog);
        Path cpuDir = cpuCgroupOf(started.pid());
        ContainerStatus end = runtime.exited(hog.id()).get(15, TimeUnit.SECONDS);
        assertThat(end.exitCode()).contains(137);
        assertThat(end.reason()).contains("OOMKilled");
        assertThat(RuntimeFixture.logs(hog)).doesNotContain("survived");
        assertThat(cpuDir.toString()).endsWith(hog.id());
        assertThat(cpuDir).as("an exited container keeps no cgroup").doesNotExist();
        runtime.removeContainer(hog.id());
    }

    @Test
    void cpuQuotaAndSharesAreWritten() throws Exception {
        fixture.sandbox(runtime, "cpu");
        ContainerSpec busy = fixture.spec("cpu", Map.of(), "", List.of(), new Resources(0, 250, 100), "sleep", "30");
        ContainerStatus started = runtime.startContainer(busy);
        Path cpuDir = cpuCgroupOf(started.pid());
        assertThat(cpuDir.toString()).endsWith(busy.id());
        assertThat(Files.readString(cpuDir.resolve("cpu.cfs_quota_us")).trim()).isEqualTo("25000");
        assertThat(Files.readString(cpuDir.resolve("cpu.cfs_period_us")).trim()).isEqualTo("100000");
        assertThat(Files.readString(cpuDir.resolve("cpu.shares")).trim()).isEqualTo("102");
        runtime.stopContainer(busy.id(), Duration.ZERO);
        runtime.removeContainer(busy.id());
        assertThat(cpuDir).doesNotExist();
    }

    private static Path cpuCgroupOf(long pid) throws java.io.IOException {
        String cgroupLine = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                .filter(l -> l.contains(":cpu:") || l.endsWith(":cpu") || l.contains(":cpu,")).findFirst().orElse("");
        return Path.of("/sys/fs/cgroup/cpu").resolve(cgroupLine.substring(cgroupLine.lastIndexOf(':') + 2));
    }

    @Test
    void recoverAdoptsAnIsolatedPodAndRemovalCleansUp() throws Exception {
        Sandbox pod = fixture.sandbox(runtime, "rec");
        ContainerSpec spec = fixture.spec("rec", "sh", "-c", "while :; do echo alive; sleep 0.2; done");
        ContainerStatus started = runtime.startContainer(spec);
        runtime.close();

        ProcessRuntime second = fixture.runtime();
        Recovered recovered = second.recover();
        assertThat(recovered.sandboxes()).singleElement().satisfies(s -> assertThat(s.ip()).isEqualTo(pod.ip()));
        assertThat(recovered.containers()).singleElement().satisfies(c -> {
            assertThat(c.running()).isTrue();
            assertThat(c.pid()).isEqualTo(started.pid());
        });
        ExecProcess exec = second.exec(spec.id(), new ExecSpec(List.of("cat", "/proc/sys/kernel/hostname"), false, false, 0, 0));
        assertThat(new String(exec.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("pod-rec\n");

        assertThat(second.stopContainer(spec.id(), Duration.ofSeconds(5)).exitCode()).contains(143);
        second.removeContainer(spec.id());
        second.removeSandbox("rec");
        second.removeSandbox("rec"); // idempotent
        String netns = RuntimeFixture.run("ip", "netns", "list");
        assertThat(netns).doesNotContain("tug-" + fixture.cgroupParent);
        assertThat(fixture.config.stateDir().resolve("sandboxes").resolve("rec")).doesNotExist();
    }
}
