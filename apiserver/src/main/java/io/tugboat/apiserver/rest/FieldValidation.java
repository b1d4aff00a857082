package io.tugboat.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tugboat.api.ResourceType;
import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.openapi.FieldValidator;
import java.util.List;

/**
 * The fieldValidation query parameter: Strict rejects unknown fields with a 400, Warn (the default) and
 * Ignore drop them, Warn also telling the client in Warning headers, as Kubernetes does.
 */
final class FieldValidation {

    private final FieldValidator validator;

    FieldValidation(FieldValidator validator) {
        this.validator = validator;
    }

    void apply(HttpExchange ex, ResourceType type, ObjectNode object) {
        String mode = ex.query("fieldValidation");
        if (mode == null || mode.isEmpty()) {
            mode = "Warn";
        }
        switch (mode) {
            case "Strict" -> {
                List<FieldValidator.UnknownField> unknown = validator.validate(type, object);
                if (!unknown.isEmpty()) {
                    throw StatusException.badRequest(FieldValidator.badRequestMessage(type, unknown));
                }
            }
            case "Warn" -> {
                for (FieldValidator.UnknownField f : validator.prune(type, object)) {
                    ex.addHeader("Warning", "299 - \"" + f.message().replace("\"", "\\\"") + "\"");
                }
            }
            case "Ignore" -> validator.prune(type, object);
            default -> throw StatusException.badRequest("fieldValidation parameter unsupported: " + mode
                    + " (expected one of Ignore, Warn, Strict)");
        }
    }
}
