package io.tugboat.api.patch;

import static io.tugboat.api.patch.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchesTest {

    private final Patches patches = Patches.builtIn();
    private final JsonNode pod = json("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}");

    private JsonNode apply(String contentType, String body) {
        PatchType type = PatchType.fromContentType(contentType).orElseThrow();
        return patches.apply(type, "Pod", pod, type.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dispatchesOnTheContentType() {
        String addContainer = "{\"spec\":{\"containers\":[{\"name\":\"b\"}]}}";
        assertThat(apply("application/strategic-merge-patch+json", addContainer).at("/spec/containers").size())
                .isEqualTo(2);
        assertThat(apply("application/merge-patch+json", addContainer).at("/spec/containers").size()).isEqualTo(1);
        assertThat(apply("application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"y\"}]")
                .at("/spec/containers/0/image").asText()).isEqualTo("y");
    }

    @Test
    void applyPatchesGoThroughServerSideApply() {
        assertThatThrownBy(() -> patches.apply(PatchType.APPLY_PATCH, "Pod", pod, json("{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
