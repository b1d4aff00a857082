package io.tugboat.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod-template-hash and template equality ignoring it. kube hashes Go's printed form of the template
 * with FNV-32a; we hash a canonical JSON form (sorted keys, no nulls or empty values, no hash label) with
 * FNV-32a, then spell the number with kube's SafeEncodeString alphabet, so the value is stable across
 * restarts and versions of the object that mean the same, and is always a valid label value.
 */
public final class TemplateHash {

    public static final String LABEL = "pod-template-hash";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateHash() {
    }

    public static String of(PodTemplateSpec template, Integer collisionCount) {
        String canonical = canonical(template).toString();
        int h = 0x811c9dc5;
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x01000193;
        }
        if (collisionCount != null) {
            // as kube: the collision count is written into the hasher after the template
            for (byte b : Integer.toString(collisionCount).getBytes(StandardCharsets.US_ASCII)) {
                h ^= (b & 0xff);
                h *= 0x01000193;
            }
        }
        String digits = Integer.toUnsignedString(h);
        StringBuilder encoded = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) {
            encoded.append(ALPHABET.charAt(c % ALPHABET.length()));
        }
        return encoded.toString();
    }

    /** kube's EqualIgnoreHash: the same template once the pod-template-hash label is left out of both. */
    public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(a).equals(canonical(b));
    }

    static JsonNode canonical(PodTemplateSpec template) {
        JsonNode tree = MAPPER.valueToTree(template);
        if (tree instanceof ObjectNode o && o.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(LABEL);
        }
        JsonNode normal = normalize(tree);
        return normal == null ? JsonNodeFactory.instance.objectNode() : normal;
    }

    /** Sorted keys; nulls, empty objects and empty arrays dropped (the wire does not tell them from absent). */
    private static JsonNode normalize(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                JsonNode v = normalize(node.get(name));
                if (v != null) {
                    out.set(name, v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                JsonNode v = normalize(item);
                out.add(v == null ? JsonNodeFactory.instance.objectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        return node;
    }
}
