package io.tugboat.api.patch.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tugboat.api.patch.managed.ManagedFieldsEntry.Operation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void roundTripsAndSortsAppliersFirstThenByTime() throws Exception {
        FieldSet replicas = FieldSet.of(FieldPath.of("spec", "replicas"));
        ManagedFieldsEntry update = new ManagedFieldsEntry("kube-controller-manager", Operation.UPDATE, "apps/v1",
                Instant.parse("2024-01-01T00:00:00Z"), "status", FieldSet.of(FieldPath.of("status", "replicas")));
        ManagedFieldsEntry later = new ManagedFieldsEntry("kubectl-edit", Operation.UPDATE, "apps/v1",
                Instant.parse("2024-01-02T00:00:00.123Z"), "", replicas);
        ManagedFieldsEntry apply = new ManagedFieldsEntry("kubectl", Operation.APPLY, "apps/v1",
                Instant.parse("2024-01-03T00:00:00Z"), "", replicas);

        JsonNode encoded = ManagedFields.encode(List.of(later, update, apply));

        assertThat(encoded.findValuesAsText("manager")).containsExactly("kubectl", "kube-controller-manager",
                "kubectl-edit");
        assertThat(encoded.get(2).get("time").asText()).isEqualTo("2024-01-02T00:00:00Z");
        assertThat(encoded.get(1).get("subresource").asText()).isEqualTo("status");
        assertThat(encoded.get(0).has("subresource")).isFalse();
        assertThat(encoded.get(0).get("fieldsType").asText()).isEqualTo("FieldsV1");
        List<ManagedFieldsEntry> decoded = ManagedFields.decode(MAPPER.readTree(MAPPER.writeValueAsString(encoded)));
        assertThat(decoded.get(0)).isEqualTo(apply);
        assertThat(decoded.get(1)).isEqualTo(update);
        assertThat(decoded.get(2).time()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
    }

    @Test
    void describesManagersAsConflictMessagesDo() {
        FieldSet none = FieldSet.empty();
        assertThat(new ManagedFieldsEntry("kubectl", Operation.APPLY, "apps/v1", null, "", none).describe())
                .isEqualTo("\"kubectl\"");
        assertThat(new ManagedFieldsEntry("kcm", Operation.UPDATE, "apps/v1", null, "", none).describe())
                .isEqualTo("\"kcm\" using apps/v1");
        assertThat(new ManagedFieldsEntry("kcm", Operation.UPDATE, "v1", null, "status", none).describe())
                .isEqualTo("\"kcm\" with subresource \"status\" using v1");
    }

    @Test
    void anApplierIsOneManagerWhateverItsVersion() {
        FieldSet none = FieldSet.empty();
        assertThat(new ManagedFieldsEntry("k", Operation.APPLY, "apps/v1", null, "", none).id())
                .isEqualTo(new ManagedFieldsEntry("k", Operation.APPLY, "apps/v1beta1", null, "", none).id());
        assertThat(new ManagedFieldsEntry("k", Operation.UPDATE, "apps/v1", null, "", none).id())
                .isNotEqualTo(new ManagedFieldsEntry("k", Operation.UPDATE, "apps/v1beta1", null, "", none).id());
    }

    @Test
    void rejectsMalformedEntries() throws Exception {
        assertThatThrownBy(() -> ManagedFields.decode(MAPPER.readTree("{}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ManagedFields.decode(MAPPER.readTree("[{\"manager\":\"m\"}]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ManagedFields.decode(
                MAPPER.readTree("[{\"manager\":\"m\",\"operation\":\"Apply\",\"fieldsType\":\"FieldsV2\"}]")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
