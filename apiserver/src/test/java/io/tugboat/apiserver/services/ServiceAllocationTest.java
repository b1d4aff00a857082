package io.tugboat.apiserver.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.apiserver.testing.ApiReply;
import io.tugboat.apiserver.testing.InJvmApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster IPs and node ports as a client sees them, on a real API server over a real store. */
class ServiceAllocationTest {

    @TempDir
    Path dir;

    /** The server of the moment: some tests stop it and start another on the same directory. */
    private InJvmApiServer api;

    @BeforeEach
    void start() throws Exception {
        startServer(new ServiceNetwork(Ipv4Range.parse("10.43.0.0/16"), new PortRange(30000, 32767)));
    }

    private void startServer(ServiceNetwork network) throws Exception {
        api = InJvmApiServer.start(dir, network);
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
            api = null;
        }
    }

    private ApiReply send(String method, String path, String json) throws Exception {
        return api.admin().call(method, path, json);
    }

    private ApiReply create(String json) throws Exception {
        return send("POST", "/api/v1/namespaces/default/services", json);
    }

    private static String svc(String name, String specExtra) {
        return """
                {"metadata":{"name":"%s"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]%s}}""".formatted(name, specExtra);
    }

    @Test
    void aServiceGetsAFreeClusterIpInTheRange() throws Exception {
        ApiReply a = create(svc("a", ""));
        ApiReply b = create(svc("b", ""));
        assertThat(a.code()).as(a.body().toString()).isEqualTo(201);
        String ipA = a.body().path("spec").path("clusterIP").asText();
        String ipB = b.body().path("spec").path("clusterIP").asText();
        assertThat(ipA).startsWith("10.43.").isNotEqualTo(ipB);
        assertThat(a.body().path("spec").path("clusterIPs").get(0).asText()).isEqualTo(ipA);
        assertThat(a.body().path("spec").path("ipFamilies").get(0).asText()).isEqualTo("IPv4");
        assertThat(a.body().path("spec").path("ipFamilyPolicy").asText()).isEqualTo("SingleStack");
        assertThat(send("GET", "/api/v1/namespaces/default/services/a", null).body().path("spec").path("clusterIP").asText())
                .isEqualTo(ipA);
    }

    @Test
    void aRequestedClusterIpIsHonouredOnceAndThenRefused() throws Exception {
        ApiReply first = create(svc("first", ",\"clusterIP\":\"10.43.0.50\""));
        assertThat(first.code()).as(first.body().toString()).isEqualTo(201);
        assertThat(first.body().path("spec").path("clusterIP").asText()).isEqualTo("10.43.0.50");

        ApiReply taken = create(svc("second", ",\"clusterIP\":\"10.43.0.50\""));
        assertThat(taken.code()).isEqualTo(422);
        assertThat(taken.body().path("reason").asText()).isEqualTo("Invalid");
        assertThat(taken.body().path("message").asText()).isEqualTo("Service \"second\" is invalid: spec.clusterIPs: "
                + "Invalid value: []string{\"10.43.0.50\"}: failed to allocate IP 10.43.0.50: provided IP is already allocated");
        assertThat(taken.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.clusterIPs");
        assertThat(send("GET", "/api/v1/namespaces/default/services/second", null).code()).isEqualTo(404);

        // deleting the holder frees the address
        assertThat(send("DELETE", "/api/v1/namespaces/default/services/first", null).code()).isEqualTo(200);
        assertThat(create(svc("second", ",\"clusterIP\":\"10.43.0.50\"")).code()).isEqualTo(201);
    }

    @Test
    void anAddressOutsideTheRangeOrNotAnAddressIsRefused() throws Exception {
        ApiReply outside = create(svc("outside", ",\"clusterIP\":\"10.96.0.5\""));
        assertThat(outside.code()).isEqualTo(422);
        assertThat(outside.body().path("message").asText()).contains(
                "failed to allocate IP 10.96.0.5: the provided IP (10.96.0.5) is not in the valid range. The range of valid IPs is 10.43.0.0/16");
        ApiReply broadcast = create(svc("broadcast", ",\"clusterIP\":\"10.43.255.255\""));
        assertThat(broadcast.code()).isEqualTo(422);
        ApiReply garbage = create(svc("garbage", ",\"clusterIP\":\"10.43.0.999\""));
        assertThat(garbage.code()).isEqualTo(422);
        assertThat(garbage.body().path("details").path("causes").get(0).path("field").asText()).isEqualTo("spec.clusterIPs[0]");
        ApiReply v6 = create(svc("v6", ",\"ipFamilies\":[\"IPv6\"]"));
        assertThat(v6.code()).isEqualTo(422);
        assertThat(v6.body().path("message").asText()).contains("spec.ipFamilies[0]");
    }

    @Test
    void theClusterIpCannotChangeButAReplaceWithoutItKeepsIt() throws Exception {
        ApiReply created = create(svc("web", ""));
        String ip = created.body().path("spec").path("clusterIP").asText();
        // kubectl replace sends the manifest as written, without the allocated address
        ApiReply replaced = send("PUT", "/api/v1/namespaces/default/services/web", svc("web", ",\"type\":\"ClusterIP\""));
        assertThat(replaced.code()).as(replaced.body().toString()).isEqualTo(200);
        assertThat(replaced.body().path("spec").path("clusterIP").asText()).isEqualTo(ip);

        ApiReply changed = send("PATCH", "/api/v1/namespaces/default/services/web", "{\"spec\":{\"clusterIP\":\"10.43.0.77\",\"clusterIPs\":[\"10.43.0.77\"]}}");
        assertThat(changed.code()).isEqualTo(422);
        assertThat(changed.body().path("message").asText()).contains("spec.clusterIPs[0]", "may not change once set");
        // the refused address was not left claimed
        assertThat(create(svc("other", ",\"clusterIP\":\"10.43.0.77\"")).code()).isEqualTo(201);
    }

    @Test
    void nodePortsAreAllocatedHonouredAndFreed() throws Exception {
        ApiReply np = create(svc("np", ",\"type\":\"NodePort\""));
        assertThat(np.code()).as(np.body().toString()).isEqualTo(201);
        int allocated = np.body().path("spec").path("ports").get(0).path("nodePort").asInt();
        assertThat(allocated).isBetween(30000, 32767);
        assertThat(np.body().path("spec").path("externalTrafficPolicy").asText()).isEqualTo("Cluster");

        ApiReply chosen = create("""
                {"metadata":{"name":"chosen"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}""");
        assertThat(chosen.body().path("spec").path("ports").get(0).path("nodePort").asInt()).isEqualTo(30080);
        ApiReply clash = create("""
                {"metadata":{"name":"clash"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}""");
        assertThat(clash.code()).isEqualTo(422);
        assertThat(clash.body().path("message").asText()).isEqualTo(
                "Service \"clash\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
        ApiReply low = create("""
                {"metadata":{"name":"low"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":20000}]}}""");
        assertThat(low.code()).isEqualTo(422);
        assertThat(low.body().path("message").asText()).contains("The range of valid ports is 30000-32767");
        ApiReply onClusterIp = create("""
                {"metadata":{"name":"cip"},"spec":{"type":"ClusterIP","ports":[{"port":80,"nodePort":30081}]}}""");
        assertThat(onClusterIp.code()).isEqualTo(422);
        assertThat(onClusterIp.body().path("message").asText()).contains("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");

        // back to ClusterIP: the node port goes and is free for others
        ApiReply back = send("PATCH", "/api/v1/namespaces/default/services/chosen", "{\"spec\":{\"type\":\"ClusterIP\"}}");
        assertThat(back.code()).as(back.body().toString()).isEqualTo(200);
        assertThat(back.body().path("spec").path("ports").get(0).has("nodePort")).isFalse();
        assertThat(create("""
                {"metadata":{"name":"clash"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30080}]}}""").code()).isEqualTo(201);
    }

    @Test
    void headlessExternalNameAndLoadBalancer() throws Exception {
        ApiReply headless = create(svc("db", ",\"clusterIP\":\"None\""));
        assertThat(headless.code()).isEqualTo(201);
        assertThat(headless.body().path("spec").path("clusterIPs").get(0).asText()).isEqualTo("None");

        ApiReply external = create("""
                {"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"example.org"}}""");
        assertThat(external.code()).isEqualTo(201);
        assertThat(external.body().path("spec").has("clusterIP")).isFalse();
        ApiReply externalWithIp = create("""
                {"metadata":{"name":"ext2"},"spec":{"type":"ExternalName","externalName":"example.org","clusterIP":"10.43.0.60"}}""");
        assertThat(externalWithIp.code()).isEqualTo(422);

        ApiReply lb = create(svc("lb", ",\"type\":\"LoadBalancer\""));
        assertThat(lb.code()).isEqualTo(201);
        assertThat(lb.body().path("spec").path("ports").get(0).path("nodePort").asInt()).isBetween(30000, 32767);
        assertThat(lb.body().path("spec").path("allocateLoadBalancerNodePorts").asBoolean()).isTrue();
        ApiReply headlessNodePort = create(svc("hnp", ",\"type\":\"NodePort\",\"clusterIP\":\"None\""));
        assertThat(headlessNodePort.code()).isEqualTo(422);
    }

    @Test
    void aDryRunClaimsNothing() throws Exception {
        ApiReply dry = send("POST", "/api/v1/namespaces/default/services?dryRun=All", svc("dry", ",\"clusterIP\":\"10.43.0.90\""));
        assertThat(dry.code()).as(dry.body().toString()).isEqualTo(201);
        assertThat(create(svc("real", ",\"clusterIP\":\"10.43.0.90\"")).code()).isEqualTo(201);
    }

    @Test
    void theClusterServicesExistOnTheirWellKnownAddresses() throws Exception {
        ApiReply kubernetes = send("GET", "/api/v1/namespaces/default/services/kubernetes", null);
        assertThat(kubernetes.body().path("spec").path("clusterIP").asText()).isEqualTo("10.43.0.1");
        ApiReply dns = send("GET", "/api/v1/namespaces/kube-system/services/kube-dns", null);
        assertThat(dns.body().path("spec").path("clusterIP").asText()).isEqualTo("10.43.0.10");
        assertThat(dns.body().path("spec").path("internalTrafficPolicy").asText()).isEqualTo("Local");
        assertThat(create(svc("squatter", ",\"clusterIP\":\"10.43.0.10\"")).code()).isEqualTo(422);
        // the kubernetes Service leads to this server
        JsonNode slice = send("GET", "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes", null).body();
        assertThat(slice.path("endpoints").get(0).path("addresses").get(0).asText()).isEqualTo("127.0.0.1");
        assertThat(slice.path("ports").get(0).path("port").asInt()).isEqualTo(api.port());
        JsonNode endpoints = send("GET", "/api/v1/namespaces/default/endpoints/kubernetes", null).body();
        assertThat(endpoints.path("subsets").get(0).path("ports").get(0).path("port").asInt()).isEqualTo(api.port());
        assertThat(kubernetes.body().path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(api.port());
    }

    @Test
    void claimsSurviveARestartAndALeakedClaimIsRepaired() throws Exception {
        assertThat(create(svc("kept", ",\"clusterIP\":\"10.43.0.40\"")).code()).isEqualTo(201);
        stop();
        startServer(ServiceNetwork.DEFAULT);
        assertThat(create(svc("again", ",\"clusterIP\":\"10.43.0.40\"")).code()).isEqualTo(422);

        // a claim whose Service never got stored (a crash in between), older than the grace period
        api.store().create("/tugboat/claims/clusterips/10.43.0.41",
                "{\"namespace\":\"default\",\"name\":\"ghost\",\"uid\":\"u-1\",\"claimedAt\":\"2020-01-01T00:00:00Z\"}".getBytes());
        // and one claimed a moment ago by a create still in flight
        api.store().create("/tugboat/claims/clusterips/10.43.0.42",
                ("{\"namespace\":\"default\",\"name\":\"inflight\",\"uid\":\"u-2\",\"claimedAt\":\"" + java.time.Instant.now() + "\"}").getBytes());
        stop();
        startServer(ServiceNetwork.DEFAULT);
        assertThat(create(svc("reuses", ",\"clusterIP\":\"10.43.0.41\"")).code()).isEqualTo(201);
        assertThat(create(svc("waits", ",\"clusterIP\":\"10.43.0.42\"")).code()).isEqualTo(422);
    }

    @Test
    void aFullRangeSaysSo() throws Exception {
        stop();
        java.nio.file.Files.delete(InJvmApiServer.storeFile(dir));
        // a /28 has 14 usable addresses; kubernetes and kube-dns hold two of them
        startServer(new ServiceNetwork(Ipv4Range.parse("10.43.0.0/28"), new PortRange(30000, 30001)));
        int created = 0;
        ApiReply last = null;
        for (int i = 0; i < 13; i++) {
            last = create(svc("s" + i, ""));
            if (last.code() == 201) {
                created++;
            }
        }
        assertThat(created).isEqualTo(12);
        assertThat(last.code()).isEqualTo(422);
        assertThat(last.body().path("message").asText()).contains("range is full");
    }
}
