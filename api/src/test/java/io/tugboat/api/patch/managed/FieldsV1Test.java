package io.tugboat.api.patch.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsV1Test {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final PathElement.Key WEB = PathElement.Key.of(Map.of("name", TextNode.valueOf("web")));
    private static final PathElement.Key PORT_80 = PathElement.Key.of(
            Map.of("protocol", TextNode.valueOf("TCP"), "containerPort", IntNode.valueOf(80)));
    private static final FieldPath CONTAINERS = FieldPath.of("spec", "template", "spec", "containers");

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void encodesLeavesItemsWithDotAndSortedChildren() throws Exception {
        FieldSet set = FieldSet.of(
                FieldPath.of("spec", "replicas"),
                CONTAINERS.child(WEB),
                CONTAINERS.child(WEB).field("image"),
                CONTAINERS.child(WEB).field("ports").child(PORT_80),
                CONTAINERS.child(WEB).field("ports").child(PORT_80).field("containerPort"),
                FieldPath.of("metadata", "finalizers").value(TextNode.valueOf("example.com/a")),
                FieldPath.of("metadata", "labels"),
                FieldPath.of("metadata", "labels", "app"));

        String encoded = MAPPER.writeValueAsString(FieldsV1.encode(set));

        assertThat(encoded).isEqualTo("{\"f:metadata\":{"
                + "\"f:finalizers\":{\"v:\\\"example.com/a\\\"\":{}},"
                + "\"f:labels\":{\".\":{},\"f:app\":{}}},"
                + "\"f:spec\":{\"f:replicas\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{"
                + "\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:image\":{},\"f:ports\":{"
                + "\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}}}}}}}}");
        assertThat(FieldsV1.decode(json(encoded))).isEqualTo(set);
    }

    @Test
    void decodesWhatKubernetesWrites() throws Exception {
        FieldSet set = FieldsV1.decode(json("""
                {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},
                 "f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{
                   ".":{},"f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{}}}}}}}}}"""));

        assertThat(set.paths()).containsExactly(
                FieldPath.of("metadata", "annotations"),
                FieldPath.of("metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"),
                CONTAINERS.child(WEB),
                CONTAINERS.child(WEB).field("ports"),
                CONTAINERS.child(WEB).field("ports").child(PORT_80));
    }

    @Test
    void keysMatchWhateverNumberTypeTheyWereReadAs() {
        PathElement.Key asLong = PathElement.Key.of(
                Map.of("containerPort", LongNode.valueOf(80), "protocol", TextNode.valueOf("TCP")));
        assertThat(asLong).isEqualTo(PORT_80).hasSameHashCodeAs(PORT_80);
    }

    @Test
    void describesPathsAsKubernetesConflictMessagesDo() {
        assertThat(CONTAINERS.child(WEB).field("image").toString())
                .isEqualTo(".spec.template.spec.containers[name=\"web\"].image");
        assertThat(CONTAINERS.child(WEB).field("ports").child(PORT_80).toString())
                .isEqualTo(".spec.template.spec.containers[name=\"web\"].ports[containerPort=80,protocol=\"TCP\"]");
        assertThat(FieldPath.of("metadata", "finalizers").value(TextNode.valueOf("a")).toString())
                .isEqualTo(".metadata.finalizers[=\"a\"]");
    }

    @Test
    void rejectsWhatIsNotAFieldsV1Trie() throws Exception {
        assertThatThrownBy(() -> FieldsV1.decode(json("{\"x:y\":{}}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsV1.decode(json("{\"f:a\":1}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldsV1.decode(json("{\"k:{bad\":{}}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descendantsFollowTheirAncestorInASet() {
        FieldSet set = FieldSet.of(FieldPath.of("spec", "template", "spec"), FieldPath.of("spec", "zzz"));
        assertThat(set.containsSelfOrDescendant(FieldPath.of("spec", "template"))).isTrue();
        assertThat(set.containsSelfOrDescendant(FieldPath.of("spec", "replicas"))).isFalse();
        assertThat(set.withoutSubtrees(List.of(FieldPath.of("spec", "template"))).paths())
                .containsExactly(FieldPath.of("spec", "zzz"));
    }
}
