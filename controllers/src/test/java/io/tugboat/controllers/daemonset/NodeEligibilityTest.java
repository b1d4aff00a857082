package io.tugboat.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class NodeEligibilityTest {

    private static Node node(String name, String taintKey, String effect) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).addToLabels("disk", "ssd").endMetadata().withNewSpec().endSpec();
        if (taintKey != null) {
            b.editSpec().addNewTaint().withKey(taintKey).withEffect(effect).endTaint().endSpec();
        }
        return b.build();
    }

    private static PodSpec daemon(PodSpec spec) {
        return DaemonPods.specWithDefaultTolerations(spec);
    }

    @Test
    void defaultTolerationsCoverNodeConditionTaintsButNotOthers() {
        PodSpec spec = daemon(new PodSpecBuilder().build());
        assertThat(spec.getTolerations()).hasSize(6);
        assertThat(NodeEligibility.shouldRun(node("n", "node.kubernetes.io/not-ready", "NoExecute"), spec)).isTrue();
        assertThat(NodeEligibility.shouldRun(node("n", "node.kubernetes.io/unschedulable", "NoSchedule"), spec)).isTrue();
        assertThat(NodeEligibility.shouldRun(node("n", "node.kubernetes.io/disk-pressure", "NoSchedule"), spec)).isTrue();
        assertThat(NodeEligibility.shouldRun(node("n", "dedicated", "NoSchedule"), spec)).isFalse();
        assertThat(NodeEligibility.shouldRun(node("n", "dedicated", "PreferNoSchedule"), spec)).isTrue();
        PodSpec tolerant = daemon(new PodSpecBuilder().addNewToleration().withOperator("Exists").endToleration().build());
        assertThat(NodeEligibility.shouldRun(node("n", "dedicated", "NoSchedule"), tolerant)).isTrue();
    }

    @Test
    void nodeSelectorAndRequiredAffinityMustMatch() {
        assertThat(NodeEligibility.shouldRun(node("n", null, null), new PodSpecBuilder().addToNodeSelector("disk", "ssd").build())).isTrue();
        assertThat(NodeEligibility.shouldRun(node("n", null, null), new PodSpecBuilder().addToNodeSelector("disk", "hdd").build())).isFalse();
        PodSpec affinity = Serialization.unmarshal("""
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchFields: [{key: metadata.name, operator: In, values: [a]}]
                      - matchExpressions: [{key: disk, operator: NotIn, values: [ssd]}]
                """, PodSpec.class);
        assertThat(NodeEligibility.shouldRun(node("a", null, null), affinity)).isTrue();
        assertThat(NodeEligibility.shouldRun(node("b", null, null), affinity)).isFalse();
    }
}
