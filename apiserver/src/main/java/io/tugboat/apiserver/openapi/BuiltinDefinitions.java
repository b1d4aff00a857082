package io.tugboat.apiserver.openapi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Definitions no fabric8 class describes: the scalar wrappers of apimachinery (Time, IntOrString,
 * Quantity), the PATCH body, and autoscaling/v1 Scale (the /scale subresource), whose model lives in a
 * fabric8 module the API server does not otherwise need.
 */
final class BuiltinDefinitions {

    static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
    static final GroupVersionKind SCALE_KIND = new GroupVersionKind("autoscaling", "v1", "Scale");
    private static final String SCALE_SPEC = "io.k8s.api.autoscaling.v1.ScaleSpec";
    private static final String SCALE_STATUS = "io.k8s.api.autoscaling.v1.ScaleStatus";

    private static final Schema STRING = Schema.Primitive.string();
    private static final Schema INT32 = new Schema.Primitive("integer", "int32");

    private BuiltinDefinitions() {
    }

    static List<Definition> all() {
        return List.of(
                new Definition(DefinitionNames.TIME, new Schema.Primitive("string", "date-time")),
                new Definition(DefinitionNames.MICRO_TIME, new Schema.Primitive("string", "date-time")),
                new Definition(DefinitionNames.INT_OR_STRING, new Schema.IntOrString()),
                new Definition(DefinitionNames.QUANTITY, new Schema.Quantity()),
                // The body of a PATCH is whatever the patch type says; Kubernetes publishes it as a bare object.
                new Definition(DefinitionNames.PATCH, new Schema.Untyped(true)),
                new Definition(SCALE, struct(Map.of(
                        "apiVersion", STRING,
                        "kind", STRING,
                        "metadata", new Schema.Ref(DefinitionNames.OBJECT_META),
                        "spec", new Schema.Ref(SCALE_SPEC),
                        "status", new Schema.Ref(SCALE_STATUS)), List.of()), List.of(SCALE_KIND)),
                new Definition(SCALE_SPEC, struct(Map.of("replicas", INT32), List.of())),
                new Definition(SCALE_STATUS, struct(Map.of("replicas", INT32, "selector", STRING),
                        List.of("replicas"))));
    }

    private static Schema struct(Map<String, Schema> properties, List<String> required) {
        return new Schema.Struct(new TreeMap<>(properties), required);
    }
}
