package io.tugboat.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VarExpansionTest {

    @Test
    void expandsKnownVariablesKeepsUnknownOnesAndUnescapesDollars() {
        Map<String, String> vars = Map.of("NAME", "web", "PORT", "8080");
        assertThat(VarExpansion.expand("$(NAME):$(PORT)", vars)).isEqualTo("web:8080");
        assertThat(VarExpansion.expand("$(MISSING)-$(NAME)", vars)).isEqualTo("$(MISSING)-web");
        assertThat(VarExpansion.expand("$$(NAME) costs $$5", vars)).isEqualTo("$(NAME) costs $5");
        assertThat(VarExpansion.expand("$(unclosed", vars)).isEqualTo("$(unclosed");
    }
}
