package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.tugboat.e2e.support.LivePods;
import io.tugboat.e2e.support.Readiness;
import io.tugboat.e2e.support.TugClusterExtension;
import io.tugboat.testkit.CommandResult;
import io.tugboat.testkit.TugCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EndpointSlice and Endpoints controllers and the LoadBalancer status against a real `tug up`, checked the way
 * a user checks them: kubectl get endpointslices / endpoints / services as JSON. One cluster for the class; each
 * scenario has a namespace of its own. Pods name the cluster's node and run on the host (process runtime), each
 * with its own IP, so readiness can be toggled by a file the test owns.
 */
class EndpointsControllerTest {

    private static final Logger log = LoggerFactory.getLogger(EndpointsControllerTest.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(300);

    @RegisterExtension
    static final TugClusterExtension tug = TugClusterExtension.tugUp();

    /** Files whose presence the readiness probes of the test's pods check. */
    @TempDir
    static Path marks;

    /** A pod on the cluster's node; {@code extraContainer} are YAML lines under the container, {@code extraSpec} under spec. */
    private static String pod(String ns, String name, String app, String command, String extraContainer, String extraSpec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels: {app: %s}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                %s
                  containers:
                  - name: main
                    image: busybox
                    command: ["sh", "-c", "%s"]
                %s
                """.formatted(name, ns, app, TugCluster.NODE_NAME, extraSpec.indent(2).stripTrailing(), command,
                extraContainer.indent(4).stripTrailing());
    }

    private static String service(String ns, String name, String app, String extraSpec, String ports) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: %s
                  labels: {tier: backend}
                spec:
                  selector: {app: %s}
                %s
                  ports:
                %s
                """.formatted(name, ns, app, extraSpec.indent(2).stripTrailing(), ports.indent(2).stripTrailing());
    }

    /** What `kubectl get endpointslices -l kubernetes.io/service-name=SVC -o json` shows. */
    private static List<EndpointSlice> slices(String ns, String service) {
        String out = tug.cluster().kubectl("get", "endpointslices", "-n", ns, "-l", "kubernetes.io/service-name=" + service, "-o", "json")
                .assertOk().stdout();
        return tug.client().getKubernetesSerialization().unmarshal(out, EndpointSliceList.class).getItems();
    }

    /** Every endpoint of the service's slices by its address. */
    private static Map<String, Endpoint> endpointsByIp(List<EndpointSlice> slices) {
        Map<String, Endpoint> m = new TreeMap<>();
        slices.forEach(s -> s.getEndpoints().forEach(e -> e.getAddresses().forEach(a -> m.put(a, e))));
        return m;
    }

    /** What `kubectl get endpoints NAME -o json` shows, or null when there is none. */
    private static Endpoints endpoints(String ns, String name) {
        CommandResult r = tug.cluster().kubectl("get", "endpoints", name, "-n", ns, "-o", "json");
        if (!r.ok()) {
            assertThat(r.stderr()).contains("NotFound");
            return null;
        }
        return tug.client().getKubernetesSerialization().unmarshal(r.stdout(), Endpoints.class);
    }

    /** The resourceVersions of the service's slices and of its Endpoints. */
    private static List<String> versions(String ns, String service) {
        List<String> versions = new ArrayList<>(slices(ns, service).stream().map(s -> s.getMetadata().getName() + "@"
                + s.getMetadata().getResourceVersion()).sorted().toList());
        versions.add(endpoints(ns, service).getMetadata().getResourceVersion());
        return versions;
    }

    private static Set<String> ips(Endpoints e, boolean ready) {
        return e.getSubsets().stream().flatMap(s -> (ready ? s.getAddresses() : s.getNotReadyAddresses()).stream())
                .map(EndpointAddress::getIp).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> podIps(String ns, String app) {
        return LivePods.withApp(tug.client(), ns, app).stream()
                .map(p -> p.getStatus().getPodIP()).filter(ip -> ip != null && !ip.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String podIp(String ns, String name) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> tug.client().pods().inNamespace(ns).withName(name).get().getStatus().getPodIP(),
                ip -> ip != null && !ip.isEmpty());
    }

    @Test
    void slicesAndEndpointsFollowADeploymentsReadyPodsAndTheServiceGoesWithThem() throws InterruptedException {
        tug.cluster().createNamespace("ep-web");
        tug.cluster().apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: ep-web
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      nodeName: %s
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: python:3
                        command: ["python3", "-m", "http.server", "8080"]
                        ports:
                        - {name: http, containerPort: 8080}
                        readinessProbe:
                          httpGet: {path: /, port: http}
                          periodSeconds: 1
                """.formatted(TugCluster.NODE_NAME));
        tug.cluster().apply(service("ep-web", "web", "web", "", "- {name: http, port: 80, targetPort: http}"));
        tug.cluster().kubectl("rollout", "status", "deployment/web", "-n", "ep-web", "--timeout=60s").assertOk();

        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            List<EndpointSlice> slices = slices("ep-web", "web");
            assertThat(endpointsByIp(slices).keySet()).isEqualTo(podIps("ep-web", "web")).hasSize(3);
            assertThat(endpointsByIp(slices).values()).allSatisfy(e -> {
                assertThat(e.getConditions().getReady()).isTrue();
                assertThat(e.getConditions().getServing()).isTrue();
                assertThat(e.getConditions().getTerminating()).isFalse();
                assertThat(e.getNodeName()).isEqualTo(TugCluster.NODE_NAME);
                assertThat(e.getTargetRef().getKind()).isEqualTo("Pod");
            });
        });
        EndpointSlice slice = slices("ep-web", "web").get(0);
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getMetadata().getName()).startsWith("web-");
        assertThat(slice.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .containsEntry("tier", "backend");
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("Service");
            assertThat(r.getName()).isEqualTo("web");
            assertThat(r.getController()).isTrue();
            assertThat(r.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(slice.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getPort()).as("the named targetPort, resolved").isEqualTo(8080);
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            Endpoints ep = endpoints("ep-web", "web");
            assertThat(ep).isNotNull();
            assertThat(ips(ep, true)).isEqualTo(podIps("ep-web", "web"));
            assertThat(ep.getSubsets()).singleElement().satisfies(s -> assertThat(s.getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080)));
        });

        // nothing changes, so nothing is written: the slices and the Endpoints keep their resourceVersions
        List<String> versions = versions("ep-web", "web");
        Thread.sleep(3000);
        assertThat(versions("ep-web", "web")).isEqualTo(versions);

        // scaled down: the removed pods' addresses go
        tug.cluster().kubectl("scale", "deployment/web", "-n", "ep-web", "--replicas=1").assertOk();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            Set<String> left = podIps("ep-web", "web");
            assertThat(left).hasSize(1);
            assertThat(endpointsByIp(slices("ep-web", "web")).keySet()).isEqualTo(left);
            assertThat(ips(endpoints("ep-web", "web"), true)).isEqualTo(left);
        });

        // the service deleted: its slices and its Endpoints go too
        tug.cluster().kubectl("delete", "service", "web", "-n", "ep-web").assertOk();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(slices("ep-web", "web")).isEmpty();
            assertThat(endpoints("ep-web", "web")).isNull();
        });
    }

    @Test
    void aPodFailingItsReadinessProbeIsNotReadyAtOnceUnlessTheServicePublishesNotReadyAddresses() throws Exception {
        tug.cluster().createNamespace("ep-ready");
        Path ready = marks.resolve("ready");
        Files.writeString(ready, "");
        tug.cluster().apply(pod("ep-ready", "flaky", "flaky", "exec sleep 100000", """
                readinessProbe:
                  exec: {command: ["test", "-f", "%s"]}
                  periodSeconds: 1
                  failureThreshold: 1
                """.formatted(ready), ""));
        tug.cluster().apply(service("ep-ready", "flaky", "flaky", "", "- {port: 80, targetPort: 8080}"));
        tug.cluster().apply(service("ep-ready", "flaky-all", "flaky", "publishNotReadyAddresses: true", "- {port: 80, targetPort: 8080}"));
        String ip = podIp("ep-ready", "flaky");
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() ->
                assertThat(endpointsByIp(slices("ep-ready", "flaky")).get(ip).getConditions().getReady()).isTrue());

        Files.delete(ready);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() ->
                !Readiness.isReady(tug.client().pods().inNamespace("ep-ready").withName("flaky").get()));
        long notReadyAt = System.nanoTime();
        // the proxy drops an endpoint within a second of its pod turning not ready: the slice must show it sooner
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                tug.client().resources(EndpointSlice.class).inNamespace("ep-ready").withLabel("kubernetes.io/service-name", "flaky").list()
                        .getItems().stream().flatMap(s -> s.getEndpoints().stream())
                        .anyMatch(e -> e.getAddresses().contains(ip) && Boolean.FALSE.equals(e.getConditions().getReady())));
        log.info("slice showed the pod not ready {} ms after the pod did", (System.nanoTime() - notReadyAt) / 1_000_000);

        Endpoint shown = endpointsByIp(slices("ep-ready", "flaky")).get(ip);
        assertThat(shown.getConditions().getReady()).isFalse();
        assertThat(shown.getConditions().getServing()).isFalse();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            Endpoints ep = endpoints("ep-ready", "flaky");
            assertThat(ips(ep, true)).isEmpty();
            assertThat(ips(ep, false)).containsExactly(ip);
        });
        // publishNotReadyAddresses: listed as ready all the same, in slices and in Endpoints
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            Endpoint published = endpointsByIp(slices("ep-ready", "flaky-all")).get(ip);
            assertThat(published.getConditions().getReady()).isTrue();
            assertThat(published.getConditions().getServing()).isFalse();
            Endpoints ep = endpoints("ep-ready", "flaky-all");
            assertThat(ips(ep, true)).containsExactly(ip);
            assertThat(ips(ep, false)).isEmpty();
        });

        Files.writeString(ready, "");
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(endpointsByIp(slices("ep-ready", "flaky")).get(ip).getConditions().getReady()).isTrue();
            assertThat(ips(endpoints("ep-ready", "flaky"), true)).containsExactly(ip);
        });
    }

    @Test
    void aPodDeletedWithAGracePeriodIsTerminatingUntilItIsGone() {
        tug.cluster().createNamespace("ep-term");
        // ignores SIGTERM, so it stays until the agent kills it at the end of its grace period
        tug.cluster().apply(pod("ep-term", "slow", "slow", "trap '' TERM; while true; do sleep 1; done", "", "")
                .replace("terminationGracePeriodSeconds: 1", "terminationGracePeriodSeconds: 6"));
        tug.cluster().apply(service("ep-term", "slow", "slow", "", "- {port: 80, targetPort: 8080}"));
        String ip = podIp("ep-term", "slow");
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() ->
                assertThat(endpointsByIp(slices("ep-term", "slow")).get(ip).getConditions().getReady()).isTrue());

        tug.cluster().kubectl("delete", "pod", "slow", "-n", "ep-term", "--wait=false").assertOk();
        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).untilAsserted(() -> {
            Endpoint e = endpointsByIp(slices("ep-term", "slow")).get(ip);
            assertThat(e.getConditions().getTerminating()).isTrue();
            assertThat(e.getConditions().getReady()).isFalse();
            // the legacy Endpoints leave terminating pods out altogether
            Endpoints ep = endpoints("ep-term", "slow");
            assertThat(ips(ep, true)).isEmpty();
            assertThat(ips(ep, false)).isEmpty();
        });

        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            assertThat(tug.client().pods().inNamespace("ep-term").withName("slow").get()).isNull();
            List<EndpointSlice> slices = slices("ep-term", "slow");
            assertThat(endpointsByIp(slices)).isEmpty();
            assertThat(slices).as("one empty placeholder, as kube keeps").singleElement();
        });
    }

    @Test
    void aNamedTargetPortIsResolvedPodByPodAndDifferentPortsMakeDifferentSlices() {
        tug.cluster().createNamespace("ep-ports");
        tug.cluster().apply(pod("ep-ports", "a", "multi", "exec sleep 100000", "ports:\n- {name: http, containerPort: 8080}", ""));
        tug.cluster().apply(pod("ep-ports", "b", "multi", "exec sleep 100000", "ports:\n- {name: http, containerPort: 8081}", ""));
        tug.cluster().apply(pod("ep-ports", "c", "multi", "exec sleep 100000", "ports:\n- {name: admin, containerPort: 9000}", ""));
        tug.cluster().apply(service("ep-ports", "multi", "multi", "", "- {name: web, port: 80, targetPort: http}"));
        Map<String, String> ips = Map.of("a", podIp("ep-ports", "a"), "b", podIp("ep-ports", "b"), "c", podIp("ep-ports", "c"));

        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            Map<String, List<String>> addressesByPorts = new TreeMap<>();
            for (EndpointSlice s : slices("ep-ports", "multi")) {
                String ports = s.getPorts().stream().map(p -> p.getName() + ":" + p.getPort()).toList().toString();
                addressesByPorts.put(ports, s.getEndpoints().stream().flatMap(e -> e.getAddresses().stream()).toList());
            }
            assertThat(addressesByPorts).containsOnly(
                    Map.entry("[web:8080]", List.of(ips.get("a"))),
                    Map.entry("[web:8081]", List.of(ips.get("b"))),
                    Map.entry("[]", List.of(ips.get("c"))));
            Map<Integer, List<String>> endpointsByPort = new TreeMap<>();
            for (EndpointSubset s : endpoints("ep-ports", "multi").getSubsets()) {
                s.getPorts().forEach(p -> endpointsByPort.put(p.getPort(), s.getAddresses().stream().map(EndpointAddress::getIp).toList()));
            }
            assertThat(endpointsByPort).containsOnly(Map.entry(8080, List.of(ips.get("a"))), Map.entry(8081, List.of(ips.get("b"))));
        });
    }

    @Test
    void aLoadBalancerServiceIsReachedAtTheNodesAddressUntilItStopsBeingOne() {
        tug.cluster().createNamespace("ep-lb");
        tug.cluster().apply(service("ep-lb", "front", "front", "type: LoadBalancer", "- {port: 8080}"));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> assertThat(tug.cluster().kubectl("get", "service", "front", "-n", "ep-lb",
                "-o", "jsonpath={.status.loadBalancer.ingress[*].ip}").assertOk().stdout()).isEqualTo("127.0.0.1"));

        tug.cluster().kubectl("patch", "service", "front", "-n", "ep-lb", "--type=merge", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}").assertOk();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> assertThat(tug.cluster().kubectl("get", "service", "front", "-n", "ep-lb",
                "-o", "jsonpath={.status.loadBalancer}").assertOk().stdout()).isIn("", "{}"));
    }
}
