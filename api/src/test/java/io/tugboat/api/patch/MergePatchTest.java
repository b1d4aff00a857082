package io.tugboat.api.patch;

import static io.tugboat.api.patch.Trees.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergePatchTest {

    /** The examples of RFC 7386, appendix A, whose patches are objects. */
    static Stream<Arguments> rfc7386() {
        return Stream.of(
                Arguments.of("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
                Arguments.of("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"),
                Arguments.of("{\"a\":\"b\"}", "{\"a\":null}", "{}"),
                Arguments.of("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"),
                Arguments.of("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
                Arguments.of("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"),
                Arguments.of("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"),
                Arguments.of("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"),
                Arguments.of("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"),
                Arguments.of("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"),
                Arguments.of("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource
    void rfc7386(String original, String patch, String expected) {
        JsonNode before = json(original);
        assertThat(MergePatch.apply(before, json(patch))).isEqualTo(json(expected));
        assertThat(before).isEqualTo(json(original));
    }

    @Test
    void replacesListsOfObjectsWhole() {
        JsonNode pod = json("{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
        assertThat(MergePatch.apply(pod, json("{\"spec\":{\"containers\":[{\"name\":\"c\"}]}}")))
                .isEqualTo(json("{\"spec\":{\"containers\":[{\"name\":\"c\"}]}}"));
    }

    @Test
    void aPatchThatIsNotAnObjectIsABadRequest() {
        assertThatThrownBy(() -> MergePatch.apply(json("{}"), json("[1]")))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
