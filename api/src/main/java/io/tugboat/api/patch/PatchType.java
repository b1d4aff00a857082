package io.tugboat.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The patch media types the Kubernetes API accepts on PATCH. */
public enum PatchType {
    JSON_PATCH("application/json-patch+json"),
    MERGE_PATCH("application/merge-patch+json"),
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
    /** Server-side apply; the body is YAML (JSON being YAML too). */
    APPLY_PATCH("application/apply-patch+yaml");

    // Parsing only; nothing here is reconfigured after class initialisation.
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The type of a request's Content-Type, parameters such as {@code charset} ignored. */
    public static Optional<PatchType> fromContentType(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String mediaType = header.split(";", 2)[0].trim();
        return Arrays.stream(values()).filter(t -> t.contentType.equalsIgnoreCase(mediaType)).findFirst();
    }

    /** Every media type, for a 415's list of what is accepted. */
    public static List<String> contentTypes() {
        return Arrays.stream(values()).map(PatchType::contentType).toList();
    }

    private static String describe(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    /** Parses a request body of this type; a body that does not parse is a bad request. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = (this == APPLY_PATCH ? YAML : JSON).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw PatchException.badRequest("the patch body is empty");
            }
            return node;
        } catch (IOException e) {
            throw new PatchException(PatchException.Reason.BAD_REQUEST,
                    "the body of the " + contentType + " patch does not parse: " + describe(e), e);
        }
    }
}
