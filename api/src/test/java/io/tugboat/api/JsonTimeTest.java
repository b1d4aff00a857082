package io.tugboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;

class JsonTimeTest {

    @Test
    void microTimeFieldsRoundTripAsRfc3339() throws Exception {
        String json = """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n"},
                 "spec":{"holderIdentity":"n","renewTime":"2026-11-24T19:03:09.123456Z","leaseDurationSeconds":40}}""";
        Lease lease = Json.MAPPER.readValue(json, Lease.class);
        String back = Json.MAPPER.writeValueAsString(lease);
        assertThat(Json.MAPPER.readTree(back).at("/spec/renewTime").asText()).isEqualTo("2026-11-24T19:03:09.123456Z");
    }
}
