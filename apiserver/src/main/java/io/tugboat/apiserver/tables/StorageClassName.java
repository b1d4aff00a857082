package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;

/** The storage class of a volume or claim: the legacy beta annotation wins over spec.storageClassName. */
final class StorageClassName {

    private static final String BETA_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private StorageClassName() {
    }

    static String of(JsonNode object) {
        JsonNode annotation = object.path("metadata").path("annotations").path(BETA_ANNOTATION);
        if (annotation.isTextual()) {
            return annotation.asText();
        }
        return Fields.text(object, "spec", "storageClassName");
    }
}
