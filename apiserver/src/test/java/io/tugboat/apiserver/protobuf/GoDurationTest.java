package io.tugboat.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expected texts are what Go's time.Duration.String() prints for the same nanoseconds. */
class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1, 1ns",
        "999, 999ns",
        "1000, 1µs",
        "1500, 1.5µs",
        "300000000, 300ms",
        "1000000, 1ms",
        "1000000000, 1s",
        "1500000000, 1.5s",
        "61000000000, 1m1s",
        "3600000000000, 1h0m0s",
        "3723500000000, 1h2m3.5s",
        "-90000000000, -1m30s",
        "1000000001, 1.000000001s",
        "-9223372036854775808, -2562047h47m16.854775808s",
        "9223372036854775807, 2562047h47m16.854775807s",
    })
    void formatsAsGo(long nanos, String expected) {
        assertThat(GoDuration.format(nanos)).isEqualTo(expected);
    }
}
