package io.tugboat.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoTimeTest {

    @Test
    void timeIsRfc3339ToTheSecondInUtc() {
        assertThat(GoTime.seconds(1704164645L)).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(GoTime.seconds(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(GoTime.seconds(-62135596800L)).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void microTimeKeepsSixDigitsTruncated() {
        assertThat(GoTime.micros(1704164645L, 123_456_789)).isEqualTo("2024-01-02T03:04:05.123456Z");
        assertThat(GoTime.micros(1704164645L, 0)).isEqualTo("2024-01-02T03:04:05.000000Z");
        assertThat(GoTime.micros(1704164645L, 999_999_999)).isEqualTo("2024-01-02T03:04:05.999999Z");
    }
}
