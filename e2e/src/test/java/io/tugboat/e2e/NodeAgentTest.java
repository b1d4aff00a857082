package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.e2e.support.PodManifests;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.TugCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node agent in a real `tug up`, driven with the real kubectl: the node, pods that run real processes on
 * their own IPs, probes, restarts, limits, volumes, and an agent that crashes and comes back.
 * Pods name their node (the scheduler is another issue's); the crash-loop back-off starts at 1 s here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentTest {

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp("--restart-backoff", "1s");

    /** How long a deleted pod here has between SIGTERM and SIGKILL. */
    private static final int GRACE_SECONDS = 3;
    /** Every container of this run gets it in its environment, so that no other cluster's process is counted. */
    private static final String RUN_ID = java.util.UUID.randomUUID().toString();
    private static final String RUN = "TUG_TEST_RUN=" + RUN_ID;
    /** The env entry that marks a container as this run's. */
    private static final String MARK = "env: [{name: TUG_TEST_RUN, value: \"" + RUN_ID + "\"}]";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String get(String pod, String jsonPath) {
        return tug.cluster().jsonPath("pod/" + pod, "{" + jsonPath + "}");
    }

    private static String http(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "error " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Processes on this machine whose command line contains {@code marker}. */
    private static List<Long> processesWith(String marker) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String environ = new String(Files.readAllBytes(p.resolve("environ"))).replace('\0', ' ');
                    if (cmdline.contains(marker) && environ.contains(RUN) && !cmdline.contains("nsenter")
                            && !cmdline.startsWith("sh ") && !cmdline.contains("/shim")) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return pids;
    }

    @Test
    @Order(1)
    void theNodeIsReadyAndRenewsItsLease() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tug.cluster().kubectl("get", "nodes").assertOk().stdout())
                        .containsPattern(TugCluster.NODE_NAME + "\\s+Ready"));
        String capacity = tug.cluster().kubectl("get", "node", TugCluster.NODE_NAME, "-o",
                "jsonpath={.status.capacity.pods} {.status.allocatable.cpu} {.status.nodeInfo.kubeletVersion}").assertOk().stdout();
        assertThat(capacity).startsWith("110 ").contains("v1.32");
        String conditions = tug.cluster().kubectl("get", "node", TugCluster.NODE_NAME, "-o",
                "jsonpath={range .status.conditions[*]}{.type}={.status} {end}").assertOk().stdout();
        assertThat(conditions).contains("Ready=True", "MemoryPressure=False", "DiskPressure=False", "PIDPressure=False");
        String first = tug.cluster().kubectl("get", "lease", "-n", "kube-node-lease", TugCluster.NODE_NAME, "-o",
                "jsonpath={.spec.renewTime}").assertOk().stdout();
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1)).until(() ->
                !tug.cluster().kubectl("get", "lease", "-n", "kube-node-lease", TugCluster.NODE_NAME, "-o",
                        "jsonpath={.spec.renewTime}").stdout().equals(first));
    }

    @Test
    @Order(2)
    void aPodServesHttpOnItsOwnIpAndReadinessGatesReady() {
        tug.cluster().apply(PodManifests.onTheClusterNode("web", GRACE_SECONDS, """
                containers:
                - name: web
                  image: python:3
                  command: ["sh", "-c", "sleep 3; exec python3 -m http.server 8080"]
                  %s
                  ports:
                  - name: http
                    containerPort: 8080
                  readinessProbe:
                    httpGet: {path: /, port: http}
                    periodSeconds: 1
                """.formatted(MARK)));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("web", ".status.phase").equals("Running"));
        String ip = get("web", ".status.podIP");
        assertThat(ip).startsWith(tug.cluster().podCidr().substring(0, tug.cluster().podCidr().lastIndexOf('.')));
        assertThat(get("web", ".status.conditions[?(@.type==\"Ready\")].status"))
                .as("not ready before the server listens").isEqualTo("False");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("web", ".status.conditions[?(@.type==\"Ready\")].status").equals("True"));
        assertThat(http("http://" + ip + ":8080/")).startsWith("200 ");
        assertThat(tug.cluster().kubectl("get", "pod", "web").assertOk().stdout()).containsPattern("web\\s+1/1\\s+Running");
    }

    @Test
    @Order(3)
    void containersOfAPodShareLocalhostAndTheHostnameIsThePodName() {
        tug.cluster().apply(PodManifests.onTheClusterNode("pair", GRACE_SECONDS, """
                containers:
                - name: server
                  image: python:3
                  command: ["python3", "-m", "http.server", "9090", "--bind", "127.0.0.1"]
                - name: client
                  image: curl
                  command: ["sh", "-c", "hostname > /tmp/tug-pair-hostname-$(POD_UID); until curl -sf http://127.0.0.1:9090/ >/dev/null; do sleep 0.2; done; echo reached; exec sleep 100000"]
                  env:
                  - name: POD_UID
                    valueFrom: {fieldRef: {fieldPath: metadata.uid}}
                """));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("pair", ".status.containerStatuses[*].ready").equals("true true"));
        // Ready (no probes) only says the processes started; the client has written its hostname once it has
        // reached the server over the pod's shared localhost.
        await().atMost(Duration.ofSeconds(30)).until(() -> tug.cluster().kubectl("logs", "pair", "-c", "client").stdout().contains("reached"));
        String uid = get("pair", ".metadata.uid");
        assertThat(Path.of("/tmp/tug-pair-hostname-" + uid)).hasContent("pair");
        tug.cluster().kubectl("delete", "pod", "pair", "--wait=true", "--timeout=30s").assertOk();
        try {
            Files.deleteIfExists(Path.of("/tmp/tug-pair-hostname-" + uid));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(4)
    void aKilledContainerIsRestartedAndCounted() throws Exception {
        tug.cluster().apply(PodManifests.onTheClusterNode("sleeper", GRACE_SECONDS, """
                containers:
                - name: main
                  image: busybox
                  command: ["sleep", "7770001"]
                  %s
                """.formatted(MARK)));
        await().atMost(Duration.ofSeconds(20)).until(() -> processesWith("sleep 7770001").size() == 1);
        long pid = processesWith("sleep 7770001").get(0);
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("sleeper", ".status.containerStatuses[0].restartCount").equals("1"));
        assertThat(get("sleeper", ".status.containerStatuses[0].lastState.terminated.exitCode")).isEqualTo("137");
        await().atMost(Duration.ofSeconds(20)).until(() -> get("sleeper", ".status.containerStatuses[0].state.running.startedAt").length() > 0);
        assertThat(processesWith("sleep 7770001")).hasSize(1).doesNotContain(pid);
    }

    @Test
    @Order(5)
    void aCrashingContainerBacksOffWithGrowingDelays() {
        tug.cluster().apply(PodManifests.onTheClusterNode("crasher", GRACE_SECONDS, """
                containers:
                - name: main
                  image: busybox
                  command: ["sh", "-c", "date +%s.%N >> /tmp/tug-crasher-$(POD_UID); exit 3"]
                  env:
                  - name: POD_UID
                    valueFrom: {fieldRef: {fieldPath: metadata.uid}}
                """));
        await().atMost(Duration.ofSeconds(40)).until(() ->
                Integer.parseInt("0" + get("crasher", ".status.containerStatuses[0].restartCount")) >= 4);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("crasher", ".status.containerStatuses[0].state.waiting.reason").equals("CrashLoopBackOff"));
        assertThat(get("crasher", ".status.containerStatuses[0].lastState.terminated.exitCode")).isEqualTo("3");
        assertThat(get("crasher", ".status.phase")).isEqualTo("Running");
        String uid = get("crasher", ".metadata.uid");
        Path starts = Path.of("/tmp/tug-crasher-" + uid);
        try {
            List<Double> times = Files.readAllLines(starts).stream().map(Double::parseDouble).toList();
            // first restart at once, then 1 s, 2 s, 4 s (the back-off doubles)
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                gaps.add(times.get(i) - times.get(i - 1));
            }
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(0.9);
            assertThat(gaps.get(2)).isGreaterThanOrEqualTo(1.9).isGreaterThan(gaps.get(1));
            assertThat(gaps.get(3)).isGreaterThanOrEqualTo(3.9).isGreaterThan(gaps.get(2));
            assertThat(tug.cluster().kubectl("get", "events", "--field-selector", "involvedObject.name=crasher").assertOk().stdout())
                    .contains("BackOff");
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            tug.cluster().kubectl("delete", "pod", "crasher", "--wait=false");
            starts.toFile().delete();
        }
    }

    @Test
    @Order(6)
    void aMemoryHogIsOomKilled() {
        tug.cluster().apply(PodManifests.onTheClusterNode("hog", GRACE_SECONDS, """
                restartPolicy: Never
                containers:
                - name: main
                  image: python:3
                  command: ["python3", "-c", "b = bytearray(300 * 1024 * 1024); import time; time.sleep(30)"]
                  resources:
                    limits: {memory: 64Mi}
                """));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("hog", ".status.phase").equals("Failed"));
        assertThat(get("hog", ".status.containerStatuses[0].state.terminated.reason")).isEqualTo("OOMKilled");
        assertThat(get("hog", ".status.containerStatuses[0].state.terminated.exitCode")).isEqualTo("137");
        assertThat(get("hog", ".status.qosClass")).isEqualTo("Burstable");
    }

    @Test
    @Order(7)
    void configMapValuesShowAsAVolumeAndAnEnvironmentVariable() {
        tug.cluster().kubectl("create", "configmap", "settings", "--from-literal=greeting=hello-from-configmap",
                "--from-literal=color=blue").assertOk();
        tug.cluster().apply(PodManifests.onTheClusterNode("reader", GRACE_SECONDS, """
                restartPolicy: Never
                containers:
                - name: main
                  image: busybox
                  command: ["sh", "-c", "echo \\"env=$GREETING file=$(cat /etc/settings/color) name=$MY_NAME ip=$MY_IP\\" > /tmp/tug-reader-$MY_UID"]
                  env:
                  - name: GREETING
                    valueFrom: {configMapKeyRef: {name: settings, key: greeting}}
                  - name: MY_NAME
                    valueFrom: {fieldRef: {fieldPath: metadata.name}}
                  - name: MY_IP
                    valueFrom: {fieldRef: {fieldPath: status.podIP}}
                  - name: MY_UID
                    valueFrom: {fieldRef: {fieldPath: metadata.uid}}
                  volumeMounts:
                  - name: settings
                    mountPath: /etc/settings
                volumes:
                - name: settings
                  configMap: {name: settings}
                """));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("reader", ".status.phase").equals("Succeeded"));
        String uid = get("reader", ".metadata.uid");
        Path out = Path.of("/tmp/tug-reader-" + uid);
        try {
            assertThat(Files.readString(out).strip()).isEqualTo("env=hello-from-configmap file=blue name=reader ip="
                    + get("reader", ".status.podIP"));
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            out.toFile().delete();
        }
    }

    @Test
    @Order(8)
    void dataOnAPersistentVolumeClaimOutlivesItsPod() {
        tug.cluster().apply("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: default}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 100Mi}}
                """);
        String writer = """
                restartPolicy: Never
                containers:
                - name: main
                  image: busybox
                  command: ["sh", "-c", "%s"]
                  volumeMounts: [{name: data, mountPath: /data}]
                volumes:
                - name: data
                  persistentVolumeClaim: {claimName: data}
                """;
        tug.cluster().apply(PodManifests.onTheClusterNode("writer", GRACE_SECONDS, writer.formatted("echo kept-across-pods > /data/file")));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("writer", ".status.phase").equals("Succeeded"));
        assertThat(tug.cluster().kubectl("get", "pvc", "data", "-o", "jsonpath={.status.phase}").assertOk().stdout()).isEqualTo("Bound");
        tug.cluster().kubectl("delete", "pod", "writer", "--wait=true", "--timeout=30s").assertOk();
        tug.cluster().apply(PodManifests.onTheClusterNode("checker", GRACE_SECONDS, writer.formatted("test \\\"$(cat /data/file)\\\" = kept-across-pods")));
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("Succeeded", "Failed").contains(get("checker", ".status.phase")));
        assertThat(get("checker", ".status.phase")).isEqualTo("Succeeded");
    }

    @Test
    @Order(9)
    void aKilledAgentComesBackAndAdoptsItsPods() {
        String ip = get("web", ".status.podIP");
        long sleeper = processesWith("sleep 7770001").get(0);
        String restarts = get("sleeper", ".status.containerStatuses[0].restartCount");
        tug.cluster().kill();
        assertThat(ProcessHandle.of(sleeper)).as("pods outlive a crashed agent").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(http("http://" + ip + ":8080/")).startsWith("200 ");
        tug.cluster().startAgain();
        Instant restarted = Instant.now();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(tug.cluster().kubectl("get", "pods").assertOk().stdout())
                        .containsPattern("web\\s+1/1\\s+Running").containsPattern("sleeper\\s+1/1\\s+Running"));
        assertThat(processesWith("sleep 7770001")).as("adopted, not started again").containsExactly(sleeper);
        assertThat(get("sleeper", ".status.containerStatuses[0].restartCount")).isEqualTo(restarts);
        assertThat(get("web", ".status.podIP")).isEqualTo(ip);
        assertThat(http("http://" + ip + ":8080/")).startsWith("200 ");
        assertThat(Duration.between(restarted, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    @Order(10)
    void deletingAPodStopsItsProcessesGracefully() {
        tug.cluster().kubectl("delete", "pod", "sleeper", "--wait=true", "--timeout=30s").assertOk();
        assertThat(processesWith("sleep 7770001")).isEmpty();
    }

    @Test
    @Order(10)
    void aForceDeleteCutsAGracefulTerminationShort() {
        tug.cluster().apply(PodManifests.onTheClusterNode("stubborn", GRACE_SECONDS, """
                containers:
                - name: main
                  image: busybox
                  command: ["sh", "-c", "trap '' TERM; exec python3 -c 'import signal,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(7770003)'"]
                  %s
                """.formatted(MARK)));
        await().atMost(Duration.ofSeconds(20)).until(() -> processesWith("time.sleep(7770003)").size() == 1);
        tug.cluster().kubectl("delete", "pod", "stubborn", "--grace-period=120", "--wait=false").assertOk();
        // it ignores SIGTERM: it would run for two minutes
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> processesWith("time.sleep(7770003)").size() == 1);
        tug.cluster().kubectl("delete", "pod", "stubborn", "--grace-period=0", "--force").assertOk();
        await().atMost(Duration.ofSeconds(5)).until(() -> processesWith("time.sleep(7770003)").isEmpty());
    }

    @Test
    @Order(11)
    void anOrderlyStopLeavesNothingRunning() {
        tug.cluster().apply(PodManifests.onTheClusterNode("last", GRACE_SECONDS, """
                containers:
                - name: main
                  image: busybox
                  command: ["sleep", "7770002"]
                  %s
                """.formatted(MARK)));
        await().atMost(Duration.ofSeconds(20)).until(() -> processesWith("sleep 7770002").size() == 1);
        tug.cluster().stop();
        assertThat(processesWith("sleep 7770002")).isEmpty();
        assertThat(processesWith("http.server 8080")).isEmpty();
        tug.cluster().startAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith("sleep 7770002").size() == 1);
    }
}
