package io.tugboat.apiserver.openapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP operation, in the terms both OpenAPI versions share.
 *
 * @param method      lower-case HTTP method: get, put, post, patch, delete
 * @param action      the {@code x-kubernetes-action}: get, list, post, put, patch, delete, deletecollection;
 *                    empty for the discovery root
 * @param kind        the {@code x-kubernetes-group-version-kind} of the operation, empty for discovery
 * @param request     the body's definition name and accepted content types, if the operation takes one
 * @param responses   status code to the definition name of the body ("" for none)
 */
public record Operation(
        String method,
        String operationId,
        String description,
        String tag,
        String action,
        Optional<GroupVersionKind> kind,
        List<Parameter> parameters,
        Optional<RequestBody> request,
        Map<String, String> responses) {

    public Operation {
        parameters = List.copyOf(parameters);
        responses = Map.copyOf(responses);
    }

    /** @param contentTypes the media types the server takes for this body, e.g. the PATCH types */
    public record RequestBody(String definition, List<String> contentTypes) {

        public RequestBody {
            contentTypes = List.copyOf(contentTypes);
        }
    }
}
