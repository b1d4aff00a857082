package io.tugboat.api.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class DefaultTolerationSecondsTest {

    private static Pod pod(Toleration... tolerations) {
        Pod p = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer().withName("c")
                .endContainer().withTolerations(tolerations).endSpec().build();
        new Defaulter().apply(p);
        return p;
    }

    @Test
    void aPodWithoutTolerationsGetsBothForFiveMinutes() {
        assertThat(pod().getSpec().getTolerations()).extracting(t -> t.getKey() + "|" + t.getOperator() + "|" + t.getEffect() + "|"
                + t.getTolerationSeconds()).containsExactly("node.kubernetes.io/not-ready|Exists|NoExecute|300",
                "node.kubernetes.io/unreachable|Exists|NoExecute|300");
    }

    @Test
    void aTolerationAlreadyThereIsKeptAndNotDoubled() {
        Toleration mine = new Toleration("NoExecute", "node.kubernetes.io/unreachable", "Exists", 5L, null);
        assertThat(pod(mine).getSpec().getTolerations()).extracting(Toleration::getKey)
                .containsExactly("node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready");
        Toleration everything = new Toleration(null, null, "Exists", null, null);
        assertThat(pod(everything).getSpec().getTolerations()).containsExactly(everything);
    }

    @Test
    void templatesAreNotTouched() {
        Deployment d = new DeploymentBuilder().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").endContainer()
                .endSpec().endTemplate().endSpec().build();
        new Defaulter().apply(d);
        assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).isNullOrEmpty();
    }
}
