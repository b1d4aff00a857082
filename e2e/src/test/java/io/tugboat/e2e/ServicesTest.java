package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Services on a real `tug up`, as a user checks them with the real kubectl: a cluster IP spreads connections
 * over the ready pods, from the host and from inside a pod; scaled-away and not-ready pods get none; node
 * ports answer on the node; pods find services by DNS name and by environment variables; ClientIP affinity
 * sticks; a requested cluster IP that is taken is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Marks pods as not ready: a pod is unready while a file named after it exists here. */
    private static final String UNREADY_DIR = "/tmp/tug-services-test-" + java.util.UUID.randomUUID();
    /** Answers every GET with the pod's name (the hostname of a pod is its name). */
    private static final String SERVER = """
            import http.server, socket
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = socket.gethostname().encode()
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            http.server.ThreadingHTTPServer(('0.0.0.0', 8080), H).serve_forever()
            """;

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    @BeforeAll
    static void startTheWebDeployment() throws IOException {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(UNREADY_DIR));
        tug.cluster().apply(deployment("web", 3));
        tug.cluster().apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: default
                spec:
                  selector: {app: web}
                  ports:
                  - {name: http, port: 80, targetPort: http}
                """);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(readyEndpoints("web")).hasSize(3));
    }

    @AfterAll
    static void removeTheUnreadyMarks() throws IOException {
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(UNREADY_DIR))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String deployment(String name, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: default
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      terminationGracePeriodSeconds: 2
                      containers:
                      - name: server
                        image: python:3
                        command: [python3, -u, -c]
                        args:
                        - |
                %s
                        ports:
                        - {name: http, containerPort: 8080}
                        readinessProbe:
                          exec:
                            command: [sh, -c, 'test ! -e %s/$(hostname)']
                          periodSeconds: 1
                          failureThreshold: 1
                """.formatted(name, replicas, name, name, SERVER.indent(10).stripTrailing(), UNREADY_DIR);
    }

    /** The node's bridge address: the first of its pod range, where its DNS server listens. */
    private static String gateway() {
        return tug.cluster().podCidr().replaceAll("\\.0/24$", ".1");
    }

    private static String clusterIp(String service) {
        return tug.cluster().jsonPath("service/" + service, "{.spec.clusterIP}");
    }

    /** The ready addresses of a service's EndpointSlices, as kubectl shows them. */
    private static List<String> readyEndpoints(String service) {
        String out = tug.cluster().kubectl("get", "endpointslices", "-l", "kubernetes.io/service-name=" + service, "-o",
                "jsonpath={range .items[*].endpoints[?(@.conditions.ready==true)]}{.addresses[0]}{\"\\n\"}{end}").stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
        } catch (IOException e) {
            return "error " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static List<String> getMany(String url, int times) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            answers.add(get(url));
        }
        return answers;
    }

    private static List<String> podNames(String app) {
        return List.of(tug.cluster().kubectl("get", "pods", "-l", "app=" + app, "-o", "jsonpath={.items[*].metadata.name}")
                .assertOk().stdout().strip().split("\\s+"));
    }

    @Test
    @Order(1)
    void aClusterIpSpreadsConnectionsOverThePodsFromTheHostAndFromAPod() {
        String ip = clusterIp("web");
        assertThat(ip).startsWith("10.43.");
        Set<String> pods = new HashSet<>(podNames("web"));
        Set<String> reached = new HashSet<>(getMany("http://" + ip + "/", 30));
        assertThat(reached).as("answers from the host").isSubsetOf(pods).hasSizeGreaterThanOrEqualTo(2);

        tug.cluster().apply("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: client
                  namespace: default
                spec:
                  containers:
                  - name: c
                    image: python:3
                    command: [sleep, "3600"]
                  terminationGracePeriodSeconds: 1
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(tug.cluster().jsonPath("pod/client", "{.status.phase}")));
        CommandResult fromPod = tug.cluster().kubectl("exec", "client", "--", "python3", "-c",
                "import urllib.request\nfor _ in range(20): print(urllib.request.urlopen('http://" + ip + "/', timeout=3).read().decode())");
        fromPod.assertOk();
        assertThat(new HashSet<>(fromPod.stdout().lines().toList())).as("answers inside a pod").isSubsetOf(pods)
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void podsFindServicesByDnsNameAndByEnvironment() {
        String ip = clusterIp("web");
        // the client pod was made after the service: it has the service's variables
        String env = tug.cluster().kubectl("exec", "client", "--", "sh", "-c", "echo $WEB_SERVICE_HOST:$WEB_SERVICE_PORT:$WEB_PORT_80_TCP_ADDR:$KUBERNETES_SERVICE_HOST")
                .assertOk().stdout().strip();
        assertThat(env).isEqualTo(ip + ":80:" + ip + ":10.43.0.1");

        // each node serves DNS itself, published as its own kube-dns endpoint, owned by its Node
        String gateway = gateway();
        assertThat(tug.cluster().kubectl("get", "endpointslices", "-n", "kube-system", "-l", "kubernetes.io/service-name=kube-dns", "-o",
                "jsonpath={.items[0].endpoints[0].addresses[0]} {.items[0].endpoints[0].nodeName} {.items[0].metadata.ownerReferences[0].kind}")
                .assertOk().stdout().strip()).isEqualTo(gateway + " " + TugCluster.NODE_NAME + " Node");
        String resolv = tug.cluster().kubectl("exec", "client", "--", "cat", "/etc/resolv.conf").assertOk().stdout();
        assertThat(resolv).contains("nameserver 10.43.0.10", "search default.svc.cluster.local svc.cluster.local cluster.local",
                "options ndots:5");
        CommandResult byName = tug.cluster().kubectl("exec", "client", "--", "python3", "-c", """
                import socket, urllib.request
                print(socket.gethostbyname('web.default.svc.cluster.local'))
                print(socket.gethostbyname('web'))
                print(urllib.request.urlopen('http://web/', timeout=3).status)
                """);
        byName.assertOk();
        assertThat(byName.stdout().lines().toList()).containsExactly(ip, ip, "200");

        // the API server is a Service too, as in-cluster clients expect
        CommandResult api = tug.cluster().kubectl("exec", "client", "--", "python3", "-c", """
                import ssl, urllib.request, json
                ctx = ssl._create_unverified_context()
                print(json.load(urllib.request.urlopen('https://kubernetes.default.svc/version', context=ctx, timeout=5))['major'])
                """);
        assertThat(api.stdout().strip()).as(api.stderr()).isEqualTo("1");

        CommandResult missing = tug.cluster().kubectl("exec", "client", "--", "python3", "-c", """
                import socket
                try:
                    socket.gethostbyname('nosuch.default.svc.cluster.local')
                    print('resolved')
                except socket.gaierror as e:
                    print('not found')
                """);
        assertThat(missing.stdout().strip()).isEqualTo("not found");
    }

    @Test
    @Order(3)
    void aNotReadyPodReceivesNoTraffic() throws IOException {
        String ip = clusterIp("web");
        String unready = podNames("web").get(0);
        java.nio.file.Files.createFile(java.nio.file.Path.of(UNREADY_DIR, unready));
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readyEndpoints("web")).hasSize(2));
            // the proxy has a second to follow the slice
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(getMany("http://" + ip + "/", 30)).doesNotContain(unready).allMatch(a -> a.startsWith("web-")));
        } finally {
            java.nio.file.Files.delete(java.nio.file.Path.of(UNREADY_DIR, unready));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readyEndpoints("web")).hasSize(3));
    }

    @Test
    @Order(4)
    void aNodePortAnswersOnTheNodeAddress() {
        tug.cluster().apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web-np
                  namespace: default
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                  - {port: 80, targetPort: 8080}
                """);
        String nodePort = tug.cluster().jsonPath("service/web-np", "{.spec.ports[0].nodePort}");
        assertThat(Integer.parseInt(nodePort)).isBetween(30000, 32767);
        String nodeIp = tug.cluster().jsonPath("node/" + TugCluster.NODE_NAME, "{.status.addresses[?(@.type==\"InternalIP\")].address}");
        Set<String> pods = new HashSet<>(podNames("web"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("http://" + nodeIp + ":" + nodePort + "/")).isIn(pods));
        String gateway = gateway();
        assertThat(get("http://" + gateway + ":" + nodePort + "/")).as("on the bridge address too").isIn(pods);
        assertThat(tug.cluster().kubectl("get", "service", "web-np").assertOk().stdout()).contains("NodePort", "80:" + nodePort + "/TCP");
    }

    @Test
    @Order(5)
    void clientIpAffinitySticks() {
        tug.cluster().apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web-sticky
                  namespace: default
                spec:
                  selector: {app: web}
                  sessionAffinity: ClientIP
                  ports:
                  - {port: 80, targetPort: 8080}
                """);
        String ip = clusterIp("web-sticky");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("http://" + ip + "/").startsWith("web-"));
        List<String> answers = getMany("http://" + ip + "/", 20);
        assertThat(new HashSet<>(answers)).as(answers.toString()).hasSize(1);
    }

    @Test
    @Order(6)
    void aLoadBalancerAnswersOnItsIngressAndAHeadlessServiceResolvesToItsPods() {
        tug.cluster().apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: web-lb
                  namespace: default
                spec:
                  type: LoadBalancer
                  selector: {app: web}
                  ports:
                  - {port: 18080, targetPort: 8080}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web-headless
                  namespace: default
                spec:
                  clusterIP: None
                  selector: {app: web}
                  ports:
                  - {port: 8080}
                """);
        // as k3s's service load balancer: the node's address is the ingress, the service port answers on it
        await().atMost(Duration.ofSeconds(20)).until(() -> !tug.cluster().jsonPath("service/web-lb", "{.status.loadBalancer.ingress[0].ip}").isEmpty());
        String ingress = tug.cluster().jsonPath("service/web-lb", "{.status.loadBalancer.ingress[0].ip}");
        Set<String> pods = new HashSet<>(podNames("web"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("http://" + ingress + ":18080/")).isIn(pods));
        assertThat(tug.cluster().kubectl("get", "service", "web-lb").assertOk().stdout()).contains("LoadBalancer", ingress);

        Set<String> podIps = new HashSet<>(List.of(tug.cluster().kubectl("get", "pods", "-l", "app=web", "-o",
                "jsonpath={.items[*].status.podIP}").assertOk().stdout().strip().split("\\s+")));
        CommandResult headless = tug.cluster().kubectl("exec", "client", "--", "python3", "-c",
                "import socket\nprint('\\n'.join(sorted(socket.gethostbyname_ex('web-headless')[2])))");
        headless.assertOk();
        assertThat(new HashSet<>(headless.stdout().lines().toList())).isEqualTo(podIps);
    }

    @Test
    @Order(7)
    void aServiceWithoutASelectorServesTheEndpointsAUserWrote() {
        String target = podNames("web").get(0);
        String targetIp = tug.cluster().jsonPath("pod/" + target, "{.status.podIP}");
        tug.cluster().apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: by-hand
                  namespace: default
                spec:
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: by-hand
                  namespace: default
                subsets:
                - addresses: [{ip: %s}]
                  ports: [{name: http, port: 8080}]
                """.formatted(targetIp));
        // mirrored into an EndpointSlice, as kube's mirroring controller does, so the node proxies it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(readyEndpoints("by-hand")).containsExactly(targetIp));
        String ip = clusterIp("by-hand");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(getMany("http://" + ip + "/", 5)).containsOnly(target));
    }

    @Test
    @Order(8)
    void scalingDownStopsTrafficToTheRemovedPods() {
        String ip = clusterIp("web");
        tug.cluster().kubectl("scale", "deployment/web", "--replicas=1").assertOk();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(readyEndpoints("web")).hasSize(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(podNames("web")).hasSize(1));
        String survivor = podNames("web").get(0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(new HashSet<>(getMany("http://" + ip + "/", 20))).containsExactly(survivor));
    }

    @Test
    @Order(9)
    void aTakenClusterIpIsRefusedWithAClearError() {
        String taken = clusterIp("web");
        CommandResult r = tug.cluster().kubectl("create", "service", "clusterip", "web2", "--tcp=80:8080", "--clusterip=" + taken);
        assertThat(r.ok()).isFalse();
        assertThat(r.stderr()).contains("Service \"web2\" is invalid: spec.clusterIPs: Invalid value: []string{\"" + taken
                + "\"}: failed to allocate IP " + taken + ": provided IP is already allocated");
        CommandResult outside = tug.cluster().kubectl("create", "service", "clusterip", "web3", "--tcp=80:8080", "--clusterip=10.96.0.9");
        assertThat(outside.stderr()).contains("The range of valid IPs is 10.43.0.0/16");
        assertThat(tug.cluster().kubectl("get", "service", "kube-dns", "-n", "kube-system").assertOk().stdout()).contains("10.43.0.10");
    }
}
