package io.tugboat.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tugboat.apiserver.openapi.FieldValidator.UnknownField;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * The validator reads the model through Jackson's introspection; this checks that it agrees with what
 * Jackson really does when it decodes: a field the validator calls unknown is one fabric8 parks in an
 * {@code additionalProperties} map, and only those.
 */
class JacksonAgreementTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FieldValidator validator = new FieldValidator(JSON);

    @Test
    void validatorAndJacksonAgreeOnKnownAndUnknownFields() throws Exception {
        String[] misspellings = {
            "spec.replicas", "spec.template.spec.containers.image", "spec.template.spec.volumes.emptyDir",
            "metadata.labels", "spec.strategy.rollingUpdate.maxSurge", "spec.template.spec.containers.resources",
        };
        JsonNode base = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}, managedFields: [{manager: m, fieldsV1: {f:x: {}}}]}
                spec:
                  replicas: 2
                  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}}
                  selector: {matchLabels: {app: web}}
                  template:
                    spec:
                      containers: [{name: web, image: nginx, resources: {limits: {cpu: 1, memory: 1Gi}}}]
                      volumes: [{name: v, emptyDir: {sizeLimit: 1Gi}}]
                """);
        assertThat(validator.validate(Deployment.class, base)).isEmpty();
        assertThat(parkedByJackson(base)).isEmpty();

        for (String path : misspellings) {
            JsonNode broken = base.deepCopy();
            String[] segments = path.split("\\.");
            JsonNode parent = broken;
            for (int i = 0; i < segments.length - 1; i++) {
                parent = parent.get(segments[i]);
                if (parent.isArray()) {
                    parent = parent.get(0);
                }
            }
            String field = segments[segments.length - 1];
            var object = (com.fasterxml.jackson.databind.node.ObjectNode) parent;
            object.set(field + "x", object.remove(field));

            List<String> unknown = validator.validate(Deployment.class, broken).stream().map(UnknownField::path).toList();
            assertThat(unknown).as(path).hasSize(1);
            assertThat(parkedByJackson(broken)).as(path).containsExactly(field + "x");
        }
    }

    /** The keys fabric8 put into additionalProperties anywhere in the decoded object. */
    private static List<String> parkedByJackson(JsonNode json) throws Exception {
        List<String> keys = new ArrayList<>();
        collect(JSON.treeToValue(json, Deployment.class), keys, Collections.newSetFromMap(new IdentityHashMap<>()));
        return keys;
    }

    private static void collect(Object value, List<String> keys, Set<Object> seen) throws Exception {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                collect(o, keys, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Object o : m.values()) {
                collect(o, keys, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                || value instanceof io.fabric8.kubernetes.api.model.FieldsV1) {
            return; // FieldsV1 keeps its free-form content in additionalProperties by design
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object result = getter.invoke(value);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) result).keySet().forEach(k -> keys.add(String.valueOf(k)));
            } else {
                collect(result, keys, seen);
            }
        }
    }
}
