package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.tugboat.e2e.support.PodManifests;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pod streams end to end: logs, exec and port-forward through the API server to the node agent of a real
 * `tug up`, driven with the real kubectl 1.32 and with fabric8's client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp("--restart-backoff", "1s");

    /** How long a deleted pod here has between SIGTERM and SIGKILL. */
    private static final int GRACE_SECONDS = 2;

    @BeforeAll
    static void startThePodsTheTestsShare() {
        tug.cluster().apply(PodManifests.onTheClusterNode("talker", GRACE_SECONDS, """
                containers:
                - name: main
                  image: busybox
                  command: ["sh", "-c", "echo hello; echo oops >&2; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.5; done"]
                """));
        tug.cluster().apply(PodManifests.onTheClusterNode("duo", GRACE_SECONDS, """
                containers:
                - name: first
                  image: busybox
                  command: ["sh", "-c", "echo from-first; exec sleep 100000"]
                - name: second
                  image: busybox
                  command: ["sh", "-c", "echo from-second; exec sleep 100000"]
                """));
        awaitRunning("talker");
        awaitRunning("duo");
    }

    private static String get(String pod, String jsonPath) {
        return tug.cluster().jsonPath("pod/" + pod, "{" + jsonPath + "}");
    }

    private static void awaitRunning(String pod) {
        await().atMost(WAIT).until(() -> get(pod, ".status.phase").equals("Running")
                && !get(pod, ".status.containerStatuses[*].state.running.startedAt").isEmpty());
    }

    /** A kubectl that keeps running (logs -f, port-forward), with its output collected as it comes. */
    private static final class Running implements AutoCloseable {
        final Process process;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Running(List<String> args) throws IOException {
            process = tug.cluster().kubectlProcess(args).start();
            process.getOutputStream().close();
            copy(process.getInputStream(), out);
            copy(process.getErrorStream(), err);
        }

        private static void copy(InputStream in, ByteArrayOutputStream to) {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        synchronized (to) {
                            to.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        String stdout() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String stderr() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        boolean exited(Duration within) throws InterruptedException {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    // ---------------------------------------------------------------- logs

    @Test
    @Order(1)
    void logsShowTheOutputOfTheContainer() {
        String out = tug.cluster().kubectl("logs", "talker").assertOk().stdout();
        // stdout and stderr are two pipes, so only the order within each stream is defined
        assertThat(out).contains("hello\n", "oops\n", "tick 1\n");
        assertThat(out.indexOf("hello\n")).isLessThan(out.indexOf("tick 1\n"));
    }

    @Test
    @Order(2)
    void tailSinceAndTimestamps() throws Exception {
        await().atMost(WAIT).until(() -> tug.cluster().kubectl("logs", "talker").stdout().contains("tick 8\n"));
        assertThat(tug.cluster().kubectl("logs", "talker", "--tail=2").assertOk().stdout().lines().toList())
                .hasSize(2).allMatch(l -> l.startsWith("tick "));
        assertThat(tug.cluster().kubectl("logs", "talker", "--tail=0").assertOk().stdout()).isEmpty();

        String stamped = tug.cluster().kubectl("logs", "talker", "--timestamps", "--tail=1").assertOk().stdout().strip();
        String[] parts = stamped.split(" ", 2);
        assertThat(Instant.parse(parts[0])).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
        assertThat(parts[1]).startsWith("tick ");

        // the first lines are older than a second by now; the last second holds only ticks
        Thread.sleep(1500);
        String recent = tug.cluster().kubectl("logs", "talker", "--since=1s").assertOk().stdout();
        assertThat(recent).doesNotContain("hello").contains("tick ");
        assertThat(recent.lines().count()).isBetween(1L, 4L);
    }

    @Test
    @Order(3)
    void aContainerIsChosenWithDashCAndTheRawRequestWithoutOneIsA400() {
        assertThat(tug.cluster().kubectl("logs", "duo", "-c", "second").assertOk().stdout()).isEqualTo("from-second\n");
        assertThat(tug.cluster().kubectl("logs", "duo", "-c", "first").assertOk().stdout()).isEqualTo("from-first\n");
        // kubectl itself picks the first container; the API's own answer to no container is Kubernetes' 400
        CommandResult raw = tug.cluster().kubectl("get", "--raw", "/api/v1/namespaces/default/pods/duo/log");
        assertThat(raw.exitCode()).isNotZero();
        assertThat(raw.stderr()).contains("Error from server (BadRequest): a container name must be specified for pod duo, "
                + "choose one of: [first second]");
        assertThat(tug.cluster().kubectl("logs", "duo", "-c", "third").stderr())
                .contains("container third is not valid for pod duo");
    }

    @Test
    @Order(4)
    void followStreamsNewLinesAndEndsWhenTheContainerExitsThenPreviousShowsThatRun() throws Exception {
        tug.cluster().apply(PodManifests.onTheClusterNode("brief", GRACE_SECONDS, """
                restartPolicy: Always
                containers:
                - name: main
                  image: busybox
                  command: ["sh", "-c", "echo run-start $(date +%s%N); sleep 3; echo run-end; exit 1"]
                """));
        awaitRunning("brief");
        String firstStart;
        try (Running follow = new Running(List.of("logs", "-f", "brief"))) {
            await().atMost(WAIT).until(() -> follow.stdout().contains("run-start"));
            assertThat(follow.stdout()).doesNotContain("run-end");
            assertThat(follow.exited(Duration.ofSeconds(15))).as("logs -f ends with the container").isTrue();
            assertThat(follow.process.exitValue()).isZero();
            assertThat(follow.stdout()).contains("run-end\n");
            firstStart = follow.stdout().lines().findFirst().orElseThrow();
        }
        await().atMost(WAIT).until(() -> Integer.parseInt("0" + get("brief", ".status.containerStatuses[0].restartCount")) >= 1
                && !get("brief", ".status.containerStatuses[0].state.running.startedAt").isEmpty());
        String restarts = get("brief", ".status.containerStatuses[0].restartCount");
        CommandResult previous = tug.cluster().kubectl("logs", "brief", "--previous").assertOk();
        String current = tug.cluster().kubectl("logs", "brief").assertOk().stdout();
        if (restarts.equals("1")) {
            assertThat(previous.stdout()).isEqualTo(firstStart + "\nrun-end\n");
        }
        assertThat(previous.stdout()).startsWith("run-start ").endsWith("run-end\n");
        assertThat(current).startsWith("run-start ").isNotEqualTo(previous.stdout());
        tug.cluster().kubectl("delete", "pod", "brief", "--wait=false").assertOk();
    }

    @Test
    @Order(5)
    void previousOfAContainerThatNeverRestartedIsA400() {
        CommandResult r = tug.cluster().kubectl("logs", "duo", "-c", "first", "--previous");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("previous terminated container \"first\" in pod \"duo\" not found");
    }

    // ---------------------------------------------------------------- exec

    @Test
    @Order(10)
    void execExitsWithTheCommandsCode() {
        CommandResult r = tug.cluster().kubectl("exec", "talker", "--", "sh", "-c", "exit 7");
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(tug.cluster().kubectl("exec", "talker", "--", "true").exitCode()).isZero();
    }

    @Test
    @Order(11)
    void execWithStdinEchoesItAndKeepsStderrApart() {
        String input = "line one\nline two\n";
        assertThat(tug.cluster().kubectlWithInput(input, "exec", "-i", "talker", "--", "cat").assertOk().stdout()).isEqualTo(input);
        CommandResult split = tug.cluster().kubectl("exec", "talker", "--", "sh", "-c", "echo to-out; echo to-err >&2").assertOk();
        assertThat(split.stdout()).isEqualTo("to-out\n");
        assertThat(split.stderr()).isEqualTo("to-err\n");
        assertThat(tug.cluster().kubectl("exec", "duo", "-c", "second", "--", "sh", "-c", "echo in-second").assertOk().stdout())
                .isEqualTo("in-second\n");
    }

    @Test
    @Order(12)
    void execWithATerminalRunsOnAPseudoTerminal() throws Exception {
        // kubectl wants a terminal for -t: script(1) gives it one, with the input piped into that terminal
        ProcessBuilder pb = tug.cluster().kubectlProcess(List.of());
        pb.command("script", "-qec", "kubectl exec -it talker -- sh -c 'tty; read x; echo got-$x'", "/dev/null");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // ended
                }
            });
            try (OutputStream in = p.getOutputStream()) {
                Thread.sleep(1500); // let the exec start before typing, as a person would
                in.write("typed\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exec -it ends when the command does").isTrue();
            }
            reader.join(Duration.ofSeconds(5));
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).containsPattern("/dev/pts/\\d+").contains("got-typed");
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(13)
    void fabric8ExecReturnsOutputAndTheExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = tug.client().pods().inNamespace("default").withName("talker").writingOutput(out).writingError(err)
                .exec("sh", "-c", "echo from-fabric8; echo complaint >&2; exit 3")) {
            assertThat(watch.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).equals("from-fabric8\n"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("complaint\n");

        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        try (ExecWatch watch = tug.client().pods().inNamespace("default").withName("talker").writingOutput(ok).exec("echo", "zero")) {
            assertThat(watch.exitCode().get(20, TimeUnit.SECONDS)).isZero();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ok.toString(StandardCharsets.UTF_8).equals("zero\n"));
    }

    @Test
    @Order(14)
    void fabric8ExecWithATerminal() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = tug.client().pods().inNamespace("default").withName("talker").redirectingInput().writingOutput(out)
                .withTTY().exec("sh")) {
            OutputStream in = watch.getInput();
            in.write("tty; exit 5\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(watch.exitCode().get(20, TimeUnit.SECONDS)).isEqualTo(5);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).matches("(?s).*/dev/pts/\\d+.*"));
    }

    // ---------------------------------------------------------------- port-forward

    @Test
    @Order(20)
    void portForwardCarriesTcpConnectionsToThePod() throws Exception {
        tug.cluster().apply(PodManifests.onTheClusterNode("web", GRACE_SECONDS, """
                containers:
                - name: web
                  image: python:3
                  command: ["sh", "-c", "head -c 3000000 /dev/urandom > big.bin && exec python3 -m http.server 8080"]
                """));
        awaitRunning("web");
        String ip = get("web", ".status.podIP");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(WAIT).ignoreExceptions().until(() -> fetch(http, "http://" + ip + ":8080/").statusCode() == 200);
        String direct = sha256(fetchBytes(http, "http://" + ip + ":8080/big.bin"));

        int local = FreePorts.next();
        try (Running forward = new Running(List.of("port-forward", "pod/web", local + ":8080"))) {
            await().atMost(WAIT).until(() -> forward.stdout().contains("Forwarding from 127.0.0.1:" + local)
                    || !forward.process.isAlive());
            assertThat(forward.process.isAlive()).as("port-forward runs: %s", forward.stderr()).isTrue();
            for (int i = 0; i < 2; i++) {
                // one connection after the other (a client of its own each), each a stream pair in the same tunnel
                HttpResponse<String> r = fetch(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                        "http://127.0.0.1:" + local + "/");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("big.bin");
            }
            assertThat(sha256(fetchBytes(http, "http://127.0.0.1:" + local + "/big.bin"))).as("3 MB, intact").isEqualTo(direct);
            assertThat(forward.stdout()).contains("Handling connection for " + local);
            assertThat(forward.stderr()).isEmpty();
        }
    }

    @Test
    @Order(21)
    void portForwardCarriesAnUploadAndHalfClosesBothWays() throws Exception {
        // reads until the client shuts its sending side, then answers with the size and digest and closes
        tug.cluster().apply(PodManifests.onTheClusterNode("digest", GRACE_SECONDS, """
                containers:
                - name: digest
                  image: python:3
                  command:
                  - python3
                  - -c
                  - |
                    import socket, hashlib
                    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(("0.0.0.0", 7000)); s.listen()
                    while True:
                        c, _ = s.accept(); h = hashlib.sha256(); n = 0
                        while b := c.recv(65536):
                            h.update(b); n += len(b)
                        c.sendall(("%d %s\\n" % (n, h.hexdigest())).encode()); c.close()
                """));
        awaitRunning("digest");
        byte[] upload = new byte[2_500_000];
        new java.util.Random(7).nextBytes(upload);
        int local = FreePorts.next();
        try (Running forward = new Running(List.of("port-forward", "pod/digest", local + ":7000"))) {
            await().atMost(WAIT).until(() -> forward.stdout().contains("Forwarding from 127.0.0.1:" + local));
            String answer = await().atMost(WAIT).ignoreExceptions().until(() -> {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", local), 2000);
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(upload);
                    s.shutdownOutput();
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            }, a -> !a.isEmpty());
            assertThat(answer).isEqualTo(upload.length + " " + sha256(upload));
        }
    }

    @Test
    @Order(22)
    void portForwardToAPortNothingListensOnReportsTheError() throws Exception {
        int local = FreePorts.next();
        try (Running forward = new Running(List.of("port-forward", "pod/web", local + ":9999"))) {
            await().atMost(WAIT).until(() -> forward.stdout().contains("Forwarding from 127.0.0.1:" + local));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try {
                fetch(http, "http://127.0.0.1:" + local + "/");
            } catch (IOException expected) {
                // the connection is closed: nothing to forward to
            }
            // as with the kubelet: the dial error on the error stream, and kubectl gives up the tunnel
            assertThat(forward.exited(Duration.ofSeconds(20))).isTrue();
            assertThat(forward.stderr()).contains("error forwarding port 9999 to pod default/web", "onnection refused",
                    "lost connection to pod");
        }
    }

    @Test
    @Order(23)
    void portForwardWithoutTheWebSocketTunnelGetsAClearError() {
        // kubectl's plain SPDY path, which Tugboat does not speak, says so instead of failing obscurely
        ProcessBuilder pb = tug.cluster().kubectlProcess(List.of("port-forward", "pod/web", FreePorts.next() + ":8080"));
        pb.environment().put("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");
        CommandResult r = io.tugboat.testkit.Processes.run(pb.command(), pb.environment(), null, null, WAIT);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("over WebSocket (SPDY/3.1+portforward.k8s.io) only");
    }

    private static byte[] fetchBytes(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String sha256(byte[] data) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static HttpResponse<String> fetch(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- the end of a pod

    @Test
    @Order(30)
    void deletingThePodEndsAFollowingLogs() throws Exception {
        try (Running follow = new Running(List.of("logs", "-f", "talker"))) {
            await().atMost(WAIT).until(() -> follow.stdout().contains("tick "));
            CompletableFuture<CommandResult> deleted = CompletableFuture.supplyAsync(
                    () -> tug.cluster().kubectl("delete", "pod", "talker", "--wait=false"));
            assertThat(follow.exited(Duration.ofSeconds(20))).as("logs -f ends with the pod").isTrue();
            deleted.get(30, TimeUnit.SECONDS).assertOk();
        }
    }
}
