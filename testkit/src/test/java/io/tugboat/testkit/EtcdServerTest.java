package io.tugboat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdServerTest {

    @Test
    void startsHealthyOnLoopbackAndLeavesNothingBehind() throws Exception {
        Path dir;
        EtcdServer etcd = EtcdServer.start();
        try (EtcdServer other = EtcdServer.start()) {
            dir = etcd.directory();
            assertThat(etcd.clientEndpoint()).startsWith("http://127.0.0.1:");
            assertThat(etcd.clientEndpoint()).isNotEqualTo(other.clientEndpoint());
            assertThat(etcd.isRunning()).isTrue();
            assertThat(dir).isDirectory();
            assertThat(health(etcd.clientEndpoint())).contains("\"health\":\"true\"");

            etcd.close();

            assertThat(etcd.isRunning()).isFalse();
            assertThat(dir).doesNotExist();
            assertThat(other.isRunning()).as("the other server is untouched").isTrue();
        } finally {
            etcd.close(); // idempotent
        }
    }

    @Test
    void freePortsAreDistinct() {
        List<Integer> ports = FreePorts.next(5);
        assertThat(ports).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 65535));
    }

    private static String health(String endpoint) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
