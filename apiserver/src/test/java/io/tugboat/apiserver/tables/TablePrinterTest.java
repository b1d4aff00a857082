package io.tugboat.apiserver.tables;

import static io.tugboat.apiserver.tables.TableFixtures.NOW;
import static io.tugboat.apiserver.tables.TableFixtures.json;
import static io.tugboat.apiserver.tables.TableFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.GroupVersion;
import io.tugboat.api.ResourceType;
import io.tugboat.api.ResourceTypes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    private final TablePrinter printer = new TablePrinter();

    @Test
    void everyServedKindGivesOneCellPerColumnEvenForAnEmptyObject() {
        ObjectNode bare = json("{\"metadata\":{\"name\":\"x\"}}");
        for (ResourceType t : ResourceTypes.builtIn().all()) {
            List<Column> columns = printer.columns(t);
            List<Object> cells = printer.cells(t, bare, NOW);
            assertThat(cells).as(t.kind()).hasSameSizeAs(columns).doesNotContainNull()
                    .allMatch(c -> c instanceof String || c instanceof Long || c instanceof Boolean);
            assertThat(columns).as(t.kind()).filteredOn(c -> "name".equals(c.format())).hasSize(1);
        }
    }

    @Test
    void kindsArePrintedByTheirOwnPrinter() {
        ObjectNode deploy = json("""
                {"metadata":{"name":"web","creationTimestamp":"2025-01-10T11:00:00Z"},
                 "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx"}]}}},
                 "status":{"readyReplicas":2,"updatedReplicas":2,"availableReplicas":2}}""");
        assertThat(printer.columns(type("Deployment"))).extracting(Column::name)
                .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector");
        assertThat(printer.cells(type("Deployment"), deploy, NOW).subList(0, 5))
                .containsExactly("web", "2/2", 2L, 2L, "60m");
        assertThat(printer.columns(type("ClusterRoleBinding")).get(3).description())
                .isEqualTo("Users in the clusterRoleBinding");
    }

    @Test
    void rolesAndUnknownKindsGetNameAndCreatedAt() {
        ResourceType application = new ResourceType(new GroupVersion("tugboat.io", "v1alpha1"), "Application",
                "applications", "application", true, List.of("app"), List.of(), io.fabric8.kubernetes.api.model.Pod.class,
                true, true);
        for (ResourceType t : List.of(type("Role"), type("ClusterRole"), application)) {
            assertThat(printer.columns(t)).extracting(Column::name).as(t.kind()).containsExactly("Name", "Created At");
        }
    }

    @Test
    void customPrintersCanBeAdded() {
        KindPrinter one = new KindPrinter() {
            @Override
            public List<Column> columns() {
                return List.of(new Column("Name", "string", "name", "", 0));
            }

            @Override
            public List<Object> cells(ObjectNode object, Instant now) {
                return List.of("custom");
            }
        };
        ResourceType application = new ResourceType(new GroupVersion("tugboat.io", "v1alpha1"), "Application",
                "applications", "application", true, List.of(), List.of(), io.fabric8.kubernetes.api.model.Pod.class,
                true, true);
        TablePrinter extended = printer.withPrinter(new GroupKind("tugboat.io", "Application"), one);
        assertThat(extended.cells(application, json("{}"), NOW)).containsExactly("custom");
        assertThat(printer.columns(application)).hasSize(2);
    }
}
