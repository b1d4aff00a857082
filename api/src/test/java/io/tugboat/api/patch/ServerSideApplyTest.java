package io.tugboat.api.patch;

import static io.tugboat.api.patch.Trees.json;
import static io.tugboat.api.patch.Trees.yaml;
import static io.tugboat.api.patch.Trees.yamlObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tugboat.api.patch.managed.FieldPath;
import io.tugboat.api.patch.managed.ManagedFields;
import io.tugboat.api.patch.managed.ManagedFieldsEntry;
import io.tugboat.api.patch.managed.ManagedFieldsEntry.Operation;
import io.tugboat.api.patch.managed.PathElement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

    private static final String KIND = "Deployment.apps";
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-01T11:00:00Z");
    private static final Instant T2 = Instant.parse("2024-05-01T12:00:00Z");

    private final ServerSideApply ssa = ServerSideApply.builtIn();

    /** What {@code kubectl apply --server-side} sends for the canonical nginx Deployment. */
    private static final String NGINX = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: nginx
              labels: {app: nginx}
            spec:
              replicas: 3
              selector:
                matchLabels: {app: nginx}
              template:
                metadata:
                  labels: {app: nginx}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.14.2
                    ports:
                    - containerPort: 80
            """;

    private static ObjectNode nginx(String path, JsonNode value) {
        ObjectNode config = yamlObject(NGINX);
        int slash = path.lastIndexOf('/');
        ((ObjectNode) config.at(path.substring(0, slash))).set(path.substring(slash + 1), value);
        return config;
    }

    private static ManagedFieldsEntry entry(JsonNode object, String manager, Operation operation) {
        return ManagedFields.of(object).stream()
                .filter(e -> e.manager().equals(manager) && e.operation() == operation)
                .findFirst().orElseThrow(() -> new AssertionError("no entry for " + manager + " in " + object));
    }

    private static List<String> managers(JsonNode object) {
        return ManagedFields.of(object).stream().map(ManagedFieldsEntry::manager).toList();
    }

    private static final FieldPath REPLICAS = FieldPath.of("spec", "replicas");

    private static FieldPath container(String name, String... fields) {
        PathElement.Key key = PathElement.Key.of(Map.of("name", TextNode.valueOf(name)));
        FieldPath path = FieldPath.of("spec", "template", "spec", "containers").child(key);
        for (String f : fields) {
            path = path.field(f);
        }
        return path;
    }

    @Nested
    class Create {

        @Test
        void createsTheObjectWithAnApplyEntryInKubernetesEncoding() {
            ObjectNode result = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));

            ObjectNode withoutManagedFields = result.deepCopy();
            ((ObjectNode) withoutManagedFields.get("metadata")).remove("managedFields");
            assertThat(withoutManagedFields).isEqualTo(yaml(NGINX));

            // Exactly what a Kubernetes 1.32 API server records for this apply.
            assertThat(result.at("/metadata/managedFields")).isEqualTo(json("""
                    [{
                      "manager": "kubectl",
                      "operation": "Apply",
                      "apiVersion": "apps/v1",
                      "time": "2024-05-01T10:00:00Z",
                      "fieldsType": "FieldsV1",
                      "fieldsV1": {
                        "f:metadata": {"f:labels": {"f:app": {}}},
                        "f:spec": {
                          "f:replicas": {},
                          "f:selector": {},
                          "f:template": {
                            "f:metadata": {"f:labels": {"f:app": {}}},
                            "f:spec": {
                              "f:containers": {
                                "k:{\\"name\\":\\"nginx\\"}": {
                                  ".": {},
                                  "f:image": {},
                                  "f:name": {},
                                  "f:ports": {
                                    "k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}": {
                                      ".": {},
                                      "f:containerPort": {}
                                    }
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }]"""));
        }

        @Test
        void reapplyingTheSameConfigurationChangesNothing() {
            ObjectNode first = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));

            ObjectNode second = ssa.apply(KIND, first, yaml(NGINX), ApplyOptions.of("kubectl", false, T1));

            assertThat(second).isEqualTo(first);
        }

        @Test
        void clientSideApplyCreateIsRecordedAsAnUpdate() {
            ObjectNode created = ssa.recordUpdate(KIND, null, yaml(NGINX),
                    UpdateOptions.of("kubectl-client-side-apply", T0));

            ManagedFieldsEntry csa = entry(created, "kubectl-client-side-apply", Operation.UPDATE);
            assertThat(csa.apiVersion()).isEqualTo("apps/v1");
            assertThat(csa.time()).isEqualTo(T0);
            // An updater owns the maps and list items it created as well as their contents.
            assertThat(created.at("/metadata/managedFields/0/fieldsV1/f:metadata/f:labels"))
                    .isEqualTo(json("{\".\":{},\"f:app\":{}}"));
            assertThat(csa.fields().contains(REPLICAS)).isTrue();
            assertThat(csa.fields().contains(container("nginx", "image"))).isTrue();
        }
    }

    @Nested
    class Conflicts {

        private ObjectNode createdByClientSideApply() {
            return ssa.recordUpdate(KIND, null, yaml(NGINX), UpdateOptions.of("kubectl-client-side-apply", T0));
        }

        @Test
        void changingAFieldAnotherManagerOwnsIsAConflict() {
            ObjectNode live = createdByClientSideApply();
            ObjectNode config = nginx("/spec/replicas", json("5"));

            assertThatThrownBy(() -> ssa.apply(KIND, live, config, ApplyOptions.of("kubectl", false, T1)))
                    .isInstanceOfSatisfying(ApplyConflictException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with "
                                + "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
                        assertThat(e.code()).isEqualTo(409);
                        assertThat(e.toStatus().reason()).isEqualTo("Conflict");
                        assertThat(e.toStatus().causes()).singleElement().satisfies(c -> {
                            assertThat(c.reason()).isEqualTo("FieldManagerConflict");
                            assertThat(c.field()).isEqualTo(".spec.replicas");
                            assertThat(c.message()).isEqualTo(
                                    "conflict with \"kubectl-client-side-apply\" using apps/v1");
                        });
                    });
        }

        @Test
        void severalConflictsAreListedPerManager() {
            ObjectNode live = createdByClientSideApply();
            ObjectNode config = nginx("/spec/replicas", json("5"));
            ((ObjectNode) config.at("/spec/template/spec/containers/0")).put("image", "nginx:1.25");

            assertThatThrownBy(() -> ssa.apply(KIND, live, config, ApplyOptions.of("kubectl", false, T1)))
                    .hasMessage("""
                            Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:
                            - .spec.replicas
                            - .spec.template.spec.containers[name="nginx"].image""");
        }

        @Test
        void settingTheSameValueSharesOwnershipWithoutConflict() {
            ObjectNode live = createdByClientSideApply();

            ObjectNode result = ssa.apply(KIND, live, yaml(NGINX), ApplyOptions.of("kubectl", false, T1));

            assertThat(result.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(entry(result, "kubectl", Operation.APPLY).fields().contains(REPLICAS)).isTrue();
            assertThat(entry(result, "kubectl-client-side-apply", Operation.UPDATE).fields().contains(REPLICAS))
                    .isTrue();
            assertThat(managers(result)).as("appliers first").containsExactly("kubectl", "kubectl-client-side-apply");
        }

        @Test
        void forceTakesOwnershipFromTheOtherManager() {
            ObjectNode live = createdByClientSideApply();

            ObjectNode result = ssa.apply(KIND, live, nginx("/spec/replicas", json("5")),
                    ApplyOptions.of("kubectl", true, T1));

            assertThat(result.at("/spec/replicas").asInt()).isEqualTo(5);
            assertThat(entry(result, "kubectl", Operation.APPLY).fields().contains(REPLICAS)).isTrue();
            ManagedFieldsEntry csa = entry(result, "kubectl-client-side-apply", Operation.UPDATE);
            assertThat(csa.fields().contains(REPLICAS)).isFalse();
            assertThat(csa.fields().contains(container("nginx", "image"))).as("unchanged fields stay shared")
                    .isTrue();
            assertThat(csa.time()).as("the loser's timestamp is kept").isEqualTo(T0);
        }

        @Test
        void twoAppliersConflictOnTheFieldsTheyDisagreeOn() {
            ObjectNode live = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("team-a", false, T0));
            ObjectNode config = yamlObject("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: nginx}
                    spec:
                      replicas: 4
                      template:
                        spec:
                          containers:
                          - {name: nginx, image: nginx:1.14.2, resources: {limits: {cpu: "1"}}}
                    """);

            assertThatThrownBy(() -> ssa.apply(KIND, live, config, ApplyOptions.of("team-b", false, T1)))
                    .hasMessage("Apply failed with 1 conflict: conflict with \"team-a\": .spec.replicas");

            ObjectNode forced = ssa.apply(KIND, live, config, ApplyOptions.of("team-b", true, T1));
            assertThat(forced.at("/spec/template/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("1");
            assertThat(entry(forced, "team-a", Operation.APPLY).fields().contains(REPLICAS)).isFalse();
            assertThat(entry(forced, "team-b", Operation.APPLY).fields().contains(REPLICAS)).isTrue();
            assertThat(entry(forced, "team-b", Operation.APPLY).fields()
                    .contains(container("nginx", "image"))).isTrue();
            assertThat(entry(forced, "team-a", Operation.APPLY).fields()
                    .contains(container("nginx", "image"))).isTrue();
        }

        @Test
        void fieldsThatPredateTrackingBelongToBeforeFirstApply() {
            ObjectNode live = yamlObject(NGINX);

            assertThatThrownBy(() -> ssa.apply(KIND, live, nginx("/spec/replicas", json("1")),
                    ApplyOptions.of("kubectl", false, T1)))
                    .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1:"
                            + " .spec.replicas");
        }

        @Test
        void anUpdateTakesOwnershipSoTheApplierConflictsOnReapply() {
            ObjectNode applied = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));
            ObjectNode edited = applied.deepCopy();
            ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "nginx:1.25");

            ObjectNode afterEdit = ssa.recordUpdate(KIND, applied, edited, UpdateOptions.of("kubectl-edit", T1));

            assertThat(entry(afterEdit, "kubectl-edit", Operation.UPDATE).fields().paths())
                    .containsExactly(container("nginx", "image"));
            assertThat(entry(afterEdit, "kubectl", Operation.APPLY).fields().contains(container("nginx", "image")))
                    .isFalse();
            assertThatThrownBy(() -> ssa.apply(KIND, afterEdit, yaml(NGINX), ApplyOptions.of("kubectl", false, T2)))
                    .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: "
                            + ".spec.template.spec.containers[name=\"nginx\"].image");
        }
    }

    @Nested
    class OmittedFields {

        private static final String FULL = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web, team: a}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                      - name: web
                        image: nginx
                        env: [{name: A, value: "1"}, {name: B, value: "2"}]
                      - {name: sidecar, image: busybox}
                """;

        private static final String REDUCED = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: nginx
                        env: [{name: A, value: "1"}]
                """;

        @Test
        void fieldsTheApplierNoLongerSetsAreRemoved() {
            ObjectNode live = ssa.apply(KIND, null, yaml(FULL), ApplyOptions.of("kubectl", false, T0));

            ObjectNode result = ssa.apply(KIND, live, yaml(REDUCED), ApplyOptions.of("kubectl", false, T1));

            ObjectNode withoutManagedFields = result.deepCopy();
            ((ObjectNode) withoutManagedFields.get("metadata")).remove("managedFields");
            assertThat(withoutManagedFields).isEqualTo(yaml(REDUCED));
            assertThat(entry(result, "kubectl", Operation.APPLY).fields().contains(REPLICAS)).isFalse();
            assertThat(entry(result, "kubectl", Operation.APPLY).time()).isEqualTo(T1);
        }

        @Test
        void aMapEmptiedByRemovalGoesToo() {
            ObjectNode live = ssa.apply(KIND, null, yaml(FULL), ApplyOptions.of("kubectl", false, T0));

            ObjectNode result = ssa.apply(KIND, live, yaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 2
                    """), ApplyOptions.of("kubectl", false, T1));

            assertThat(result.at("/metadata").has("labels")).isFalse();
            assertThat(result.at("/spec")).isEqualTo(yaml("{replicas: 2}"));
        }

        @Test
        void fieldsAnotherManagerAlsoOwnsAreKept() {
            ObjectNode live = ssa.apply(KIND, null, yaml(FULL), ApplyOptions.of("kubectl", false, T0));
            ObjectNode shared = ssa.apply(KIND, live, yaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, labels: {team: a}}
                    spec:
                      template:
                        spec:
                          containers:
                          - {name: sidecar, image: busybox}
                    """), ApplyOptions.of("platform", false, T1));

            ObjectNode result = ssa.apply(KIND, shared, yaml(REDUCED), ApplyOptions.of("kubectl", false, T2));

            assertThat(result.at("/metadata/labels")).isEqualTo(yaml("{app: web, team: a}"));
            assertThat(result.at("/spec/template/spec/containers/1"))
                    .isEqualTo(yaml("{name: sidecar, image: busybox}"));
            assertThat(result.at("/spec/replicas").isMissingNode()).isTrue();
            assertThat(result.at("/spec/template/spec/containers/0/env")).isEqualTo(yaml("[{name: A, value: '1'}]"));
        }

        @Test
        void aFieldTakenOverByAnUpdaterIsNotRemoved() {
            ObjectNode live = ssa.apply(KIND, null, yaml(FULL), ApplyOptions.of("kubectl", false, T0));
            ObjectNode scaled = live.deepCopy();
            ((ObjectNode) scaled.get("spec")).put("replicas", 7);
            ObjectNode afterScale = ssa.recordUpdate(KIND, live, scaled, UpdateOptions.of("hpa", T1));

            ObjectNode result = ssa.apply(KIND, afterScale, yaml(REDUCED), ApplyOptions.of("kubectl", false, T2));

            assertThat(result.at("/spec/replicas").asInt()).isEqualTo(7);
            assertThat(entry(result, "hpa", Operation.UPDATE).fields().paths()).containsExactly(REPLICAS);
        }
    }

    @Nested
    class Updates {

        @Test
        void theWriterOwnsWhatItChangedAndOthersLoseIt() {
            ObjectNode live = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));
            ObjectNode updated = live.deepCopy();
            ((ObjectNode) updated.get("spec")).put("replicas", 4);
            ((ObjectNode) updated.at("/metadata/labels")).put("tier", "web");

            ObjectNode result = ssa.recordUpdate(KIND, live, updated, UpdateOptions.of("scaler", T1));

            assertThat(entry(result, "scaler", Operation.UPDATE).fields().paths())
                    .containsExactly(FieldPath.of("metadata", "labels", "tier"), REPLICAS);
            assertThat(entry(result, "kubectl", Operation.APPLY).fields().contains(REPLICAS)).isFalse();
            assertThat(result.at("/spec/replicas").asInt()).isEqualTo(4);
        }

        @Test
        void removedFieldsLeaveEveryManager() {
            ObjectNode live = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));
            ObjectNode updated = live.deepCopy();
            ((ObjectNode) updated.get("spec")).remove("replicas");

            ObjectNode result = ssa.recordUpdate(KIND, live, updated, UpdateOptions.of("editor", T1));

            assertThat(entry(result, "kubectl", Operation.APPLY).fields().contains(REPLICAS)).isFalse();
            assertThat(managers(result)).as("a write that only removes owns nothing").containsExactly("kubectl");
        }

        @Test
        void aWriteThatChangesNothingKeepsTheWritersTimestamp() {
            ObjectNode created = ssa.recordUpdate(KIND, null, yaml(NGINX), UpdateOptions.of("writer", T0));

            ObjectNode again = ssa.recordUpdate(KIND, created, created, UpdateOptions.of("writer", T1));

            assertThat(again).isEqualTo(created);
        }

        @Test
        void statusWritesAreRecordedAgainstTheSubresourceAndMainWritesIgnoreStatus() {
            ObjectNode live = ssa.recordUpdate(KIND, null, yaml(NGINX), UpdateOptions.of("kubectl", T0));
            ObjectNode withStatus = live.deepCopy();
            withStatus.set("status", yaml("{replicas: 3, readyReplicas: 3}"));

            ObjectNode afterStatus = ssa.recordUpdate(KIND, live, withStatus,
                    new UpdateOptions("deployment-controller", "status", T1));
            ManagedFieldsEntry controller = entry(afterStatus, "deployment-controller", Operation.UPDATE);
            assertThat(controller.subresource()).isEqualTo("status");
            assertThat(controller.fields().paths()).containsExactly(
                    FieldPath.of("status", "readyReplicas"), FieldPath.of("status", "replicas"));
            assertThat(afterStatus.at("/metadata/managedFields/1/subresource").asText()).isEqualTo("status");

            ObjectNode mainWrite = afterStatus.deepCopy();
            ((ObjectNode) mainWrite.get("status")).put("replicas", 0);
            ObjectNode afterMain = ssa.recordUpdate(KIND, afterStatus, mainWrite, UpdateOptions.of("other", T2));
            assertThat(managers(afterMain)).containsExactly("kubectl", "deployment-controller");
        }

        @Test
        void sendingEmptyManagedFieldsResetsThem() {
            ObjectNode live = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));
            ObjectNode reset = live.deepCopy();
            ((ObjectNode) reset.get("metadata")).set("managedFields", json("[]"));

            ObjectNode result = ssa.recordUpdate(KIND, live, reset, UpdateOptions.of("admin", T1));

            assertThat(result.at("/metadata/managedFields").isMissingNode()).isTrue();
        }

        @Test
        void managedFieldsLeftOutOfAWriteAreCarriedOver() {
            ObjectNode live = ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("kubectl", false, T0));
            ObjectNode put = yamlObject(NGINX);

            ObjectNode result = ssa.recordUpdate(KIND, live, put, UpdateOptions.of("client", T1));

            assertThat(result.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
        }

        @Test
        void theOldestUpdatersAreFoldedIntoAncientChanges() {
            ObjectNode object = ssa.recordUpdate(KIND, null, yaml(NGINX), UpdateOptions.of("creator", T0));
            for (int i = 0; i < 11; i++) {
                ObjectNode next = object.deepCopy();
                ((ObjectNode) next.at("/metadata/labels")).put("l" + i, "v");
                object = ssa.recordUpdate(KIND, object, next, UpdateOptions.of("m" + i, T0.plusSeconds(60L * (i + 1))));
            }

            List<String> managers = managers(object);
            assertThat(managers).hasSize(ServerSideApply.MAX_UPDATE_MANAGERS);
            assertThat(managers).contains(ServerSideApply.ANCIENT_CHANGES).doesNotContain("creator", "m0");
            ManagedFieldsEntry ancient = entry(object, ServerSideApply.ANCIENT_CHANGES, Operation.UPDATE);
            assertThat(ancient.fields().contains(FieldPath.of("metadata", "labels", "l0"))).isTrue();
            assertThat(ancient.fields().contains(REPLICAS)).isTrue();
        }
    }

    @Nested
    class BadConfigurations {

        @Test
        void anApplyNeedsAFieldManager() {
            assertThatThrownBy(() -> ssa.apply(KIND, null, yaml(NGINX), ApplyOptions.of("", false, T0)))
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
        }

        @Test
        void managedFieldsCannotBeApplied() {
            ObjectNode config = yamlObject(NGINX);
            ((ObjectNode) config.get("metadata")).set("managedFields", json("[{\"manager\":\"x\"}]"));

            assertThatThrownBy(() -> ssa.apply(KIND, null, config, ApplyOptions.of("kubectl", false, T0)))
                    .hasMessage("metadata.managedFields must be nil");
        }

        @Test
        void anAssociativeListItemMustNameItsKey() {
            ObjectNode config = nginx("/spec/template/spec/containers", yaml("[{image: x}]"));

            assertThatThrownBy(() -> ssa.apply(KIND, null, config, ApplyOptions.of("kubectl", false, T0)))
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400))
                    .hasMessage(".spec.template.spec.containers: element 0: associative list with keys has an element"
                            + " that omits key field \"name\" (and doesn't have default value)");
        }

        @Test
        void anAssociativeListMustNotRepeatAKey() {
            ObjectNode config = nginx("/spec/template/spec/containers/0/ports",
                    yaml("[{containerPort: 80}, {containerPort: 80, protocol: TCP}]"));

            assertThatThrownBy(() -> ssa.apply(KIND, null, config, ApplyOptions.of("kubectl", false, T0)))
                    .hasMessage(".spec.template.spec.containers[name=\"nginx\"].ports: duplicate entries for key "
                            + "[containerPort=80,protocol=\"TCP\"]");
        }
    }

    @Nested
    class Lists {

        @Test
        void associativeListsMergeByKeyAndAtomicListsAreReplaced() {
            ObjectNode live = ssa.apply(KIND, null, yaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, finalizers: [a]}
                    spec:
                      template:
                        spec:
                          containers: [{name: web, image: x, args: [one]}]
                          tolerations: [{key: a, operator: Exists}]
                    """), ApplyOptions.of("one", false, T0));

            ObjectNode result = ssa.apply(KIND, live, yaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, finalizers: [b]}
                    spec:
                      template:
                        spec:
                          containers: [{name: log, image: y}]
                          tolerations: [{key: b, operator: Exists}]
                    """), ApplyOptions.of("two", true, T1));

            assertThat(result.at("/metadata/finalizers")).isEqualTo(yaml("[a, b]"));
            assertThat(result.at("/spec/template/spec/containers"))
                    .isEqualTo(yaml("[{name: web, image: x, args: [one]}, {name: log, image: y}]"));
            assertThat(result.at("/spec/template/spec/tolerations")).isEqualTo(yaml("[{key: b, operator: Exists}]"));
            ArrayNode managedFields = (ArrayNode) result.at("/metadata/managedFields");
            assertThat(managedFields.get(1).at("/fieldsV1/f:metadata/f:finalizers"))
                    .isEqualTo(json("{\"v:\\\"b\\\"\":{}}"));
            assertThat(entry(result, "one", Operation.APPLY).fields()
                    .contains(FieldPath.of("spec", "template", "spec", "tolerations")))
                    .as("the atomic list was taken over").isFalse();
        }

        @Test
        void itemsTheServerAloneHasStayInPlaceAndAppliedItemsFollowTheConfiguration() {
            ObjectNode live = yamlObject("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      template:
                        spec:
                          containers: [{name: a, image: "1"}, {name: b, image: "1"}, {name: c, image: "1"}]
                    """);

            ObjectNode result = ssa.apply(KIND, live, yaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      template:
                        spec:
                          containers: [{name: c, image: "1"}, {name: x, image: "2"}, {name: a, image: "1"}]
                    """), ApplyOptions.of("kubectl", false, T0));

            assertThat(result.at("/spec/template/spec/containers")).isEqualTo(yaml("""
                    [{name: b, image: "1"}, {name: c, image: "1"}, {name: x, image: "2"}, {name: a, image: "1"}]
                    """));
        }

        @Test
        void customResourcesKeepTheirListsAtomic() {
            ObjectNode result = ssa.apply("Widget.example.com", null, yaml("""
                    apiVersion: example.com/v1
                    kind: Widget
                    metadata: {name: w, labels: {a: b}}
                    spec: {items: [{name: x}], size: 2}
                    """), ApplyOptions.of("op", false, T0));

            assertThat(result.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("""
                    {"f:metadata":{"f:labels":{"f:a":{}}},"f:spec":{"f:items":{},"f:size":{}}}"""));
        }
    }
}
