package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ServicePrinterTest {

    private final ServicePrinter printer = new ServicePrinter();

    private static ObjectNode service(String spec, String status) {
        return json("""
                {"apiVersion":"v1","kind":"Service",
                 "metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-01-10T09:00:00Z"},
                 "spec":%s,"status":%s}
                """.formatted(spec, status));
    }

    @Test
    void clusterIp() {
        ObjectNode s = service("""
                {"type":"ClusterIP","clusterIP":"10.43.0.15","clusterIPs":["10.43.0.15"],
                 "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},
                          {"name":"dns","port":53,"protocol":"UDP","targetPort":53}],
                 "selector":{"app":"web","tier":"frontend"}}""", "{\"loadBalancer\":{}}");
        assertThat(printer.cells(s, NOW)).containsExactly(
                "web", "ClusterIP", "10.43.0.15", "<none>", "80/TCP,53/UDP", "3h", "app=web,tier=frontend");
    }

    @Test
    void nodePortWithDefaultedProtocol() {
        ObjectNode s = service("""
                {"type":"NodePort","clusterIPs":["10.43.0.20"],
                 "ports":[{"port":80,"nodePort":30080},{"port":443,"protocol":"TCP","nodePort":30443}],
                 "selector":{"app":"web"}}""", "{}");
        assertThat(printer.cells(s, NOW).subList(1, 5))
                .containsExactly("NodePort", "10.43.0.20", "<none>", "80:30080/TCP,443:30443/TCP");
    }

    @Test
    void loadBalancerPendingThenAssigned() {
        String spec = """
                {"type":"LoadBalancer","clusterIPs":["10.43.0.30"],"ports":[{"port":443,"protocol":"TCP","nodePort":31443}]}""";
        assertThat(printer.cells(service(spec, "{\"loadBalancer\":{}}"), NOW).get(3)).isEqualTo("<pending>");
        ObjectNode assigned = service(spec, """
                {"loadBalancer":{"ingress":[{"ip":"203.0.113.9"},{"hostname":"lb.example.com"},{"ip":"203.0.113.2"}]}}""");
        assertThat(printer.cells(assigned, NOW).get(3)).isEqualTo("203.0.113.2,203.0.113.9,lb.example.com");
    }

    @Test
    void externalIpsHeadlessAndExternalName() {
        ObjectNode withExternal = service("""
                {"type":"ClusterIP","clusterIPs":["10.43.0.40"],"externalIPs":["198.51.100.1","198.51.100.2"],
                 "ports":[{"port":80,"protocol":"TCP"}]}""", "{}");
        assertThat(printer.cells(withExternal, NOW).get(3)).isEqualTo("198.51.100.1,198.51.100.2");

        ObjectNode headless = service("""
                {"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"],"selector":{"app":"db"}}""", "{}");
        assertThat(printer.cells(headless, NOW).subList(1, 5)).containsExactly("ClusterIP", "None", "<none>", "<none>");

        ObjectNode externalName = service("""
                {"type":"ExternalName","externalName":"db.example.com"}""", "{}");
        assertThat(printer.cells(externalName, NOW)).containsExactly(
                "web", "ExternalName", "<none>", "db.example.com", "<none>", "3h", "<none>");
    }
}
