package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;

/** spec.replicas of a scalable workload. */
final class Replicas {

    private Replicas() {
    }

    /** The desired count; 1 when unset, the default the API server applies on write. */
    static long desired(JsonNode spec) {
        JsonNode replicas = spec.path("replicas");
        return replicas.isNumber() ? replicas.asLong() : 1;
    }
}
