package io.tugboat.api.patch;

import static io.tugboat.api.patch.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class JsonPatchTest {

    private static final String POD = """
            {"metadata":{"name":"p","labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"x"}]}}""";

    static Stream<Arguments> applies() {
        return Stream.of(
                Arguments.of("add a label",
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels/tier\",\"value\":\"front\"}]",
                        "{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\",\"tier\":\"front\"}},"
                                + "\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}"),
                Arguments.of("replace an image in a list",
                        "[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"y\"}]",
                        "{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\"}},"
                                + "\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"y\"}]}}"),
                Arguments.of("test then remove",
                        "[{\"op\":\"test\",\"path\":\"/metadata/labels/app\",\"value\":\"web\"},"
                                + "{\"op\":\"remove\",\"path\":\"/metadata/labels\"}]",
                        "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}"),
                Arguments.of("append to a list, move and copy",
                        "[{\"op\":\"add\",\"path\":\"/spec/containers/-\",\"value\":{\"name\":\"b\"}},"
                                + "{\"op\":\"copy\",\"from\":\"/metadata/name\",\"path\":\"/metadata/generateName\"},"
                                + "{\"op\":\"move\",\"from\":\"/metadata/labels\",\"path\":\"/spec/labels\"}]",
                        "{\"metadata\":{\"name\":\"p\",\"generateName\":\"p\"},\"spec\":{\"containers\":"
                                + "[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\"}],\"labels\":{\"app\":\"web\"}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void applies(String name, String patch, String expected) {
        JsonNode original = json(POD);
        assertThat(JsonPatch.apply(original, json(patch))).isEqualTo(json(expected));
        assertThat(original).as("the original is not modified").isEqualTo(json(POD));
    }

    static Stream<Arguments> unprocessable() {
        return Stream.of(
                Arguments.of("failed test", "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"q\"}]"),
                Arguments.of("remove a missing member", "[{\"op\":\"remove\",\"path\":\"/metadata/annotations\"}]"),
                Arguments.of("replace a missing member",
                        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1}]"),
                Arguments.of("index out of range", "[{\"op\":\"remove\",\"path\":\"/spec/containers/3\"}]"),
                Arguments.of("unknown op", "[{\"op\":\"frobnicate\",\"path\":\"/spec\"}]"),
                Arguments.of("missing path", "[{\"op\":\"add\",\"value\":1}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unprocessable(String name, String patch) {
        assertThatThrownBy(() -> JsonPatch.apply(json(POD), json(patch)))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PatchException.Reason.INVALID);
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void aPatchThatIsNotAListIsABadRequest() {
        assertThatThrownBy(() -> JsonPatch.apply(json(POD), json("{\"op\":\"add\"}")))
                .isInstanceOfSatisfying(PatchException.class,
                        e -> assertThat(e.toStatus().code()).isEqualTo(400));
        assertThatThrownBy(() -> JsonPatch.apply(json(POD), json("[1]")))
                .isInstanceOfSatisfying(PatchException.class,
                        e -> assertThat(e.reason()).isEqualTo(PatchException.Reason.BAD_REQUEST));
    }
}
