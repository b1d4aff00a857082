package io.tugboat.api.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchTypeTest {

    @Test
    void recognisesKubernetesPatchMediaTypes() {
        assertThat(PatchType.fromContentType("application/strategic-merge-patch+json"))
                .contains(PatchType.STRATEGIC_MERGE_PATCH);
        assertThat(PatchType.fromContentType("application/apply-patch+yaml; charset=utf-8"))
                .contains(PatchType.APPLY_PATCH);
        assertThat(PatchType.fromContentType("application/json")).isEmpty();
        assertThat(PatchType.fromContentType(null)).isEmpty();
        assertThat(PatchType.contentTypes()).hasSize(4);
    }

    @Test
    void parsesApplyBodiesAsYamlAndOthersAsJson() {
        byte[] yaml = "metadata:\n  name: x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(PatchType.APPLY_PATCH.parse(yaml).at("/metadata/name").asText()).isEqualTo("x");
        assertThatThrownBy(() -> PatchType.MERGE_PATCH.parse(yaml))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> PatchType.JSON_PATCH.parse(new byte[0]))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
