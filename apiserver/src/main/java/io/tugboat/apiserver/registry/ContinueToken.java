package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.tugboat.api.Json;
import io.tugboat.api.errors.StatusException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The opaque continue token of a paged list: the revision of the first page and the last key returned. */
record ContinueToken(long revision, String startAfter) {

    String encode() {
        byte[] json = Json.bytes(Map.of("v", "meta.k8s.io/v1", "rv", revision, "start", startAfter));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    static ContinueToken decode(String token) {
        try {
            JsonNode node = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            long rv = node.path("rv").asLong(0);
            String start = node.path("start").asText(null);
            if (rv <= 0 || start == null) {
                throw new IllegalArgumentException("incomplete");
            }
            return new ContinueToken(rv, start);
        } catch (Exception e) {
            throw StatusException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
