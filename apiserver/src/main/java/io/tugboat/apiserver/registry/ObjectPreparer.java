package io.tugboat.apiserver.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.tugboat.api.Json;
import io.tugboat.api.ResourceType;
import io.tugboat.api.defaults.Defaulter;
import io.tugboat.api.errors.StatusCause;
import io.tugboat.api.errors.StatusException;
import io.tugboat.api.validation.ObjectValidator;
import java.util.List;

/**
 * Turns what a client sent into what is stored, as Kubernetes' decode-default-validate-encode does: the
 * JSON is read into the kind's typed model (a type error is a 400), defaulted, validated (every problem a
 * cause of one 422) and written back as JSON in the model's canonical field order.
 */
public final class ObjectPreparer {

    private final Defaulter defaulter = new Defaulter();
    private final ObjectValidator validator = new ObjectValidator();

    public ObjectNode prepare(ResourceType type, ObjectNode object) {
        HasMetadata typed = decode(type, object);
        defaulter.apply(typed);
        List<StatusCause> causes = validator.validate(type, typed);
        if (!causes.isEmpty()) {
            String name = typed.getMetadata() == null ? "" : nullToEmpty(typed.getMetadata().getName());
            throw StatusException.invalid(type.group(), type.kind(), name, causes);
        }
        return Json.MAPPER.valueToTree(typed);
    }

    public HasMetadata decode(ResourceType type, ObjectNode object) {
        try {
            return Json.MAPPER.treeToValue(object, type.javaType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw StatusException.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
                    + type.kind() + ": " + firstLine(detail));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed object";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
