package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Kinds whose rows are a few plain fields. */
class SimplePrintersTest {

    @Test
    void namespace() {
        ObjectNode ns = json("""
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","creationTimestamp":"2024-01-10T12:00:00Z"},
                 "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""");
        assertThat(new NamespacePrinter().cells(ns, NOW)).containsExactly("shop", "Active", "366d");
    }

    @Test
    void configMapCountsDataAndBinaryData() {
        ObjectNode cm = json("""
                {"apiVersion":"v1","kind":"ConfigMap",
                 "metadata":{"name":"settings","namespace":"default","creationTimestamp":"2025-01-10T11:58:30Z"},
                 "data":{"a.conf":"x=1","b.conf":"y=2"},"binaryData":{"logo.png":"iVBORw0KGgo="}}""");
        assertThat(new ConfigMapPrinter().cells(cm, NOW)).containsExactly("settings", 3L, "90s");
    }

    @Test
    void secret() {
        ObjectNode tls = json("""
                {"apiVersion":"v1","kind":"Secret",
                 "metadata":{"name":"web-tls","namespace":"default","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "type":"kubernetes.io/tls","data":{"tls.crt":"LS0t","tls.key":"LS0t"}}""");
        assertThat(new SecretPrinter().cells(tls, NOW)).containsExactly("web-tls", "kubernetes.io/tls", 2L, "60m");
        ObjectNode empty = json("{\"metadata\":{\"name\":\"blank\"}}");
        assertThat(new SecretPrinter().cells(empty, NOW)).containsExactly("blank", "Opaque", 0L, "<unknown>");
    }

    @Test
    void serviceAccount() {
        ObjectNode sa = json("""
                {"apiVersion":"v1","kind":"ServiceAccount",
                 "metadata":{"name":"default","namespace":"default","creationTimestamp":"2025-01-10T11:00:00Z"}}""");
        assertThat(new ServiceAccountPrinter().cells(sa, NOW)).containsExactly("default", 0L, "60m");
    }

    @Test
    void endpoints() {
        ObjectNode ep = json("""
                {"apiVersion":"v1","kind":"Endpoints",
                 "metadata":{"name":"web","namespace":"default","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "subsets":[{"addresses":[{"ip":"10.42.0.7"},{"ip":"10.42.0.8"}],
                             "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics","port":9090}]}]}""");
        assertThat(new EndpointsPrinter().cells(ep, NOW))
                .containsExactly("web", "10.42.0.7:8080,10.42.0.8:8080,10.42.0.7:9090 + 1 more...", "60m");
    }

    @Test
    void endpointsEdgeCases() {
        assertThat(EndpointsPrinter.endpoints(json("{\"s\":[]}").path("s"))).isEqualTo("<none>");
        assertThat(EndpointsPrinter.endpoints(json("""
                {"s":[{"addresses":[{"ip":"10.42.0.9"},{"ip":"fd00::5"}]}]}""").path("s")))
                .isEqualTo("10.42.0.9,fd00::5");
        assertThat(EndpointsPrinter.endpoints(json("""
                {"s":[{"addresses":[{"ip":"fd00::5"}],"ports":[{"port":80}]}]}""").path("s")))
                .isEqualTo("[fd00::5]:80");
        assertThat(EndpointsPrinter.endpoints(json("""
                {"s":[{"notReadyAddresses":[{"ip":"10.42.0.9"}],"ports":[{"port":80}]}]}""").path("s")))
                .isEqualTo("");
    }

    @Test
    void endpointSlice() {
        ObjectNode slice = json("""
                {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
                 "metadata":{"name":"web-abc12","namespace":"default","creationTimestamp":"2025-01-10T11:00:00Z",
                             "labels":{"kubernetes.io/service-name":"web"}},
                 "addressType":"IPv4",
                 "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"grpc","protocol":"TCP"},{}],
                 "endpoints":[{"addresses":["10.42.0.7"],"conditions":{"ready":true}},
                              {"addresses":["10.42.0.8"]},{"addresses":["10.42.0.9"]},{"addresses":["10.42.0.10"]}]}""");
        assertThat(new EndpointSlicePrinter().cells(slice, NOW)).containsExactly("web-abc12", "IPv4",
                "8080,grpc,*", "10.42.0.7,10.42.0.8,10.42.0.9 + 1 more...", "60m");
        ObjectNode empty = json("{\"metadata\":{\"name\":\"e\"},\"addressType\":\"IPv6\"}");
        assertThat(new EndpointSlicePrinter().cells(empty, NOW))
                .containsExactly("e", "IPv6", "<unset>", "<unset>", "<unknown>");
    }

    @Test
    void lease() {
        ObjectNode lease = json("""
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",
                 "metadata":{"name":"kv","namespace":"shop","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "spec":{"holderIdentity":"kv-1","leaseDurationSeconds":15,"renewTime":"2025-01-10T11:59:59.000000Z"}}""");
        assertThat(new LeasePrinter().cells(lease, NOW)).containsExactly("kv", "kv-1", "60m");
        ObjectNode free = json("{\"metadata\":{\"name\":\"free\",\"creationTimestamp\":\"2025-01-10T11:00:00Z\"},\"spec\":{}}");
        assertThat(new LeasePrinter().cells(free, NOW)).containsExactly("free", "", "60m");
    }

    @Test
    void roleBindingAndClusterRoleBinding() {
        ObjectNode rb = json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
                 "metadata":{"name":"readers","namespace":"shop","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},
                 "subjects":[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"},
                             {"kind":"User","name":"bob"},
                             {"kind":"Group","name":"auditors"},
                             {"kind":"ServiceAccount","name":"ci","namespace":"build"}]}""");
        assertThat(new RoleBindingPrinter("roleBinding").cells(rb, NOW))
                .containsExactly("readers", "ClusterRole/view", "60m", "alice, bob", "auditors", "build/ci");
        ObjectNode crb = json("""
                {"metadata":{"name":"cluster-admin","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "roleRef":{"kind":"ClusterRole","name":"cluster-admin"},
                 "subjects":[{"kind":"Group","name":"system:masters"}]}""");
        assertThat(new RoleBindingPrinter("clusterRoleBinding").cells(crb, NOW))
                .containsExactly("cluster-admin", "ClusterRole/cluster-admin", "60m", "", "system:masters", "");
    }

    @Test
    void defaultColumnsShowTheCreationTime() {
        ObjectNode role = json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
                 "metadata":{"name":"view","creationTimestamp":"2025-01-10T11:00:00Z"},"rules":[]}""");
        assertThat(new MetadataPrinter().cells(role, NOW)).containsExactly("view", "2025-01-10T11:00:00Z");
        assertThat(new MetadataPrinter().cells(json("{\"metadata\":{\"name\":\"x\"}}"), NOW))
                .containsExactly("x", "0001-01-01T00:00:00Z");
        assertThat(new MetadataPrinter().columns()).extracting(Column::name, Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "string"),
                        org.assertj.core.groups.Tuple.tuple("Created At", "date"));
    }
}
