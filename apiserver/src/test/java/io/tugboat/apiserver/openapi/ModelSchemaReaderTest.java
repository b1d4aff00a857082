package io.tugboat.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tugboat's own kinds are Java records; the reader must see them as Jackson does. */
class ModelSchemaReaderTest {

    record Endpoint(String name, String iface, Optional<Integer> limit) {
    }

    record CharmSpec(String charm, int units, List<Endpoint> endpoints, Map<String, String> config,
            Map<String, Endpoint> byName, IntOrString port, Quantity memory, JsonNode options, byte[] blob,
            Node self) {
    }

    /** Refers to itself: the reader must terminate. */
    record Node(String name, List<Node> children) {
    }

    record Application(String apiVersion, String kind, ObjectMeta metadata, CharmSpec spec) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsRecordsWithGenericsAndSpecialTypes() {
        SchemaCatalog catalog = SchemaCatalog.ofClass(Application.class, mapper);
        String name = catalog.nameOf(Application.class).orElseThrow();
        assertThat(name).isEqualTo(Application.class.getName().replace('$', '.'));
        var spec = (Schema.Struct) catalog.resolve(((Schema.Struct) catalog.resolve(new Schema.Ref(name)))
                .properties().get("spec"));
        assertThat(spec.properties()).containsOnlyKeys(
                "charm", "units", "endpoints", "config", "byName", "port", "memory", "options", "blob", "self");
        assertThat(spec.properties().get("units")).isEqualTo(new Schema.Primitive("integer", "int32"));
        assertThat(spec.properties().get("config")).isEqualTo(new Schema.MapOf(Schema.Primitive.string()));
        assertThat(spec.properties().get("endpoints")).isInstanceOf(Schema.ArrayOf.class);
        assertThat(spec.properties().get("port")).isEqualTo(new Schema.Ref(DefinitionNames.INT_OR_STRING));
        assertThat(spec.properties().get("memory")).isEqualTo(new Schema.Ref(DefinitionNames.QUANTITY));
        assertThat(spec.properties().get("options")).isEqualTo(new Schema.Untyped(false));
        assertThat(spec.properties().get("blob")).isEqualTo(new Schema.Primitive("string", "byte"));
        var endpoint = (Schema.Struct) catalog.resolve(((Schema.ArrayOf) spec.properties().get("endpoints")).items());
        assertThat(endpoint.properties().get("limit")).isEqualTo(new Schema.Primitive("integer", "int32"));
    }

    @Test
    void validatesRecordsWithMapPathsAsKubernetesPrintsThem() throws Exception {
        FieldValidator validator = new FieldValidator(mapper);
        JsonNode object = mapper.readTree("""
                {"apiVersion": "tugboat.io/v1", "kind": "Application", "metadata": {"name": "kv"},
                 "spec": {"charm": "kv", "units": 3, "port": "http", "memory": "1Gi", "options": {"any": {"thing": 1}},
                          "endpoints": [{"name": "db", "iface": "kv"}, {"name": "peers", "interface": "kv"}],
                          "byName": {"db": {"name": "db", "ifaces": "kv"}},
                          "self": {"name": "a", "children": [{"name": "b", "childs": []}]}}}
                """);
        assertThat(validator.validate(Application.class, object)).extracting(FieldValidator.UnknownField::path)
                .containsExactly("spec.endpoints[1].interface", "spec.byName.db.ifaces", "spec.self.children[0].childs");
    }
}
