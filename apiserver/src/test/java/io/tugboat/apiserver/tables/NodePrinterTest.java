package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class NodePrinterTest {

    private final NodePrinter printer = new NodePrinter();

    private static ObjectNode node(String labels, String spec, String conditions) {
        return json("""
                {"apiVersion":"v1","kind":"Node",
                 "metadata":{"name":"node-1","creationTimestamp":"2025-01-08T09:00:00Z","labels":%s},
                 "spec":%s,
                 "status":{"conditions":%s,
                   "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"node-1"}],
                   "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian GNU/Linux 12 (bookworm)",
                     "kernelVersion":"6.1.0-28-amd64","containerRuntimeVersion":"tugboat://0.1.0"}}}
                """.formatted(labels, spec, conditions));
    }

    private static final String READY = """
            [{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True","reason":"KubeletReady"}]""";

    @Test
    void readyControlPlaneNode() {
        ObjectNode n = node("""
                {"kubernetes.io/hostname":"node-1","node-role.kubernetes.io/control-plane":"",
                 "node-role.kubernetes.io/etcd":"true"}""", "{}", READY);
        assertThat(printer.cells(n, NOW)).containsExactly("node-1", "Ready", "control-plane,etcd", "2d3h", "v1.32.0",
                "192.168.1.10", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64", "tugboat://0.1.0");
    }

    @Test
    void cordonedNotReadyWorker() {
        ObjectNode n = node("{\"kubernetes.io/role\":\"worker\"}", "{\"unschedulable\":true}", """
                [{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown"}]""");
        assertThat(printer.cells(n, NOW).subList(0, 3)).containsExactly("node-1", "NotReady,SchedulingDisabled", "worker");
    }

    @Test
    void noReadyConditionIsUnknownAndNoRoleIsNone() {
        ObjectNode n = node("{}", "{}", "[]");
        assertThat(printer.cells(n, NOW).subList(0, 3)).containsExactly("node-1", "Unknown", "<none>");
    }

    @Test
    void missingNodeInfoIsUnknownInWideColumns() {
        ObjectNode n = json("""
                {"metadata":{"name":"bare","creationTimestamp":"2025-01-10T11:59:30Z"},
                 "status":{"addresses":[{"type":"ExternalIP","address":"203.0.113.5"}]}}""");
        assertThat(printer.cells(n, NOW)).containsExactly("bare", "Unknown", "<none>", "30s", "",
                "<none>", "203.0.113.5", "<unknown>", "<unknown>", "<unknown>");
    }
}
