package io.tugboat.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tugboat.testkit.EtcdServer;
import io.tugboat.testkit.TugCluster;
import org.junit.jupiter.api.Test;

/** `tug server --datastore etcd://...` keeps the cluster's state in a real etcd. */
class EtcdBackedServerTest {

    @Test
    void theApiWorksOnEtcdAndTheStateOutlivesTheServer() {
        try (EtcdServer etcd = EtcdServer.start(); TugCluster server = TugCluster.startOnEtcd(etcd.clientEndpoint())) {
            server.createNamespace("on-etcd");
            server.kubectl("create", "deployment", "web", "-n", "on-etcd", "--image=nginx", "--replicas=2").assertOk();
            server.kubectl("scale", "deployment", "web", "-n", "on-etcd", "--replicas=3").assertOk();
            String table = server.kubectl("get", "deploy", "-n", "on-etcd").assertOk().stdout();
            assertThat(table).containsPattern("web\\s+0/3");

            server.restart();

            assertThat(server.kubectl("get", "deploy", "web", "-n", "on-etcd", "-o", "jsonpath={.spec.replicas}").assertOk().stdout())
                    .isEqualTo("3");
            server.kubectl("delete", "namespace", "on-etcd", "--timeout=60s").assertOk();
            assertThat(server.kubectl("get", "namespace", "on-etcd").exitCode()).isNotZero();
        }
    }
}
