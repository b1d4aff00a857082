package io.tugboat.apiserver.tables;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10Gi, 10Gi",
            "1024Mi, 1Gi",
            "1536Mi, 1536Mi",
            "0.5Gi, 512Mi",
            "1.5Ki, 1536",
            "0.5Ki, 512",
            "1Ki, 1Ki",
            "1000M, 1G",
            "1500M, 1500M",
            "1G, 1G",
            "100, 100",
            "2048, 2048",
            "0.1, 100m",
            "0, 0",
            "0Gi, 0",
            "1e3, 1e3",
            "12e6, 12e6",
            "not-a-quantity, not-a-quantity",
    })
    void printsTheCanonicalForm(String given, String expected) {
        assertThat(QuantityText.canonical(given)).isEqualTo(expected);
    }
}
