package io.tugboat.apiserver.openapi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where fabric8's Java type says less than the wire format: Kubernetes timestamps are plain Strings
 * in fabric8, and base64 payloads ({@code Secret.data}) are {@code Map<String, String>}.
 */
final class PropertyOverrides {

    /** Names of metav1.Time fields across the served kinds; fabric8 models all of them as String. */
    private static final Set<String> TIME_FIELDS = Set.of(
            "creationTimestamp", "deletionTimestamp", "time", "lastTransitionTime", "lastUpdateTime",
            "lastProbeTime", "lastHeartbeatTime", "lastPhaseTransitionTime", "startedAt", "finishedAt",
            "startTime", "completionTime", "lastScheduleTime", "lastSuccessfulTime", "firstTimestamp",
            "lastTimestamp", "expirationTimestamp", "timeAdded");

    private static final Schema BYTES = new Schema.MapOf(new Schema.Primitive("string", "byte"));

    private static final Map<String, Schema> BY_PROPERTY = Map.of(
            DefinitionNames.CORE + "Secret#data", BYTES,
            DefinitionNames.CORE + "ConfigMap#binaryData", BYTES);

    /** The schema to publish instead of the one the Java type implies, if any. */
    Optional<Schema> forProperty(String definitionName, String property, Class<?> javaType) {
        Schema explicit = BY_PROPERTY.get(definitionName + "#" + property);
        if (explicit != null) {
            return Optional.of(explicit);
        }
        if (javaType == String.class && TIME_FIELDS.contains(property)) {
            return Optional.of(new Schema.Ref(DefinitionNames.TIME));
        }
        return Optional.empty();
    }
}
