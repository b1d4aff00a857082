package io.tugboat.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateHashTest {

    private static PodTemplateSpec template(String image, Map<String, String> labels) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).withCommand("sleep", "100").endContainer().endSpec()
                .build();
    }

    @Test
    void theHashIsStableAndALabelValue() {
        String a = TemplateHash.of(template("nginx:1", Map.of("app", "web")), null);
        String b = TemplateHash.of(template("nginx:1", Map.of("app", "web")), null);
        assertThat(a).isEqualTo(b).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    }

    @Test
    void differentTemplatesOrCollisionCountsHashDifferently() {
        String a = TemplateHash.of(template("nginx:1", Map.of("app", "web")), null);
        assertThat(TemplateHash.of(template("nginx:2", Map.of("app", "web")), null)).isNotEqualTo(a);
        assertThat(TemplateHash.of(template("nginx:1", Map.of("app", "web")), 1)).isNotEqualTo(a);
    }

    @Test
    void theHashLabelAndEmptyValuesDoNotChangeTheHashOrEquality() {
        PodTemplateSpec plain = template("nginx:1", Map.of("app", "web"));
        PodTemplateSpec labelled = template("nginx:1", Map.of("app", "web", TemplateHash.LABEL, "abc"));
        labelled.getSpec().setVolumes(List.of());
        assertThat(TemplateHash.of(labelled, null)).isEqualTo(TemplateHash.of(plain, null));
        assertThat(TemplateHash.equalIgnoringHash(plain, labelled)).isTrue();
        assertThat(TemplateHash.equalIgnoringHash(plain, template("nginx:2", Map.of("app", "web")))).isFalse();
    }

    @Test
    void keyOrderDoesNotMatter() {
        PodTemplateSpec a = template("nginx:1", new java.util.LinkedHashMap<>(Map.of("a", "1")));
        a.getMetadata().getLabels().put("b", "2");
        java.util.LinkedHashMap<String, String> reversed = new java.util.LinkedHashMap<>();
        reversed.put("b", "2");
        reversed.put("a", "1");
        assertThat(TemplateHash.of(template("nginx:1", reversed), null)).isEqualTo(TemplateHash.of(a, null));
    }
}
