package io.tugboat.apiserver.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // a little in the future is clock skew and reads as now; more is invalid
            "PT-2S, <invalid>",
            "PT-1.9S, 0s",
            "PT-1S, 0s",
            "PT0S, 0s",
            "PT1.9S, 1s",
            "PT59S, 59s",
            "PT119S, 119s",
            // minutes with seconds below ten minutes
            "PT2M, 2m",
            "PT2M5S, 2m5s",
            "PT5M12S, 5m12s",
            "PT9M59S, 9m59s",
            // whole minutes below three hours
            "PT10M, 10m",
            "PT10M59S, 10m",
            "PT2H59M59S, 179m",
            // hours with minutes below eight hours
            "PT3H, 3h",
            "PT3H5M, 3h5m",
            "PT7H59M59S, 7h59m",
            // whole hours below two days
            "PT8H, 8h",
            "PT47H59M, 47h",
            // days with hours below eight days
            "PT48H, 2d",
            "P2DT3H, 2d3h",
            "P7DT23H59M, 7d23h",
            // whole days below two years
            "P8D, 8d",
            "P729DT23H, 729d",
            // years with days below eight years
            "P730D, 2y",
            "P731D, 2y1d",
            "P2919D, 7y364d",
            // whole years after that
            "P2920D, 8y",
            "P3700D, 10y",
    })
    void formatsLikeKubernetes(String iso, String expected) {
        assertThat(HumanDuration.format(Duration.parse(iso))).isEqualTo(expected);
    }
}
