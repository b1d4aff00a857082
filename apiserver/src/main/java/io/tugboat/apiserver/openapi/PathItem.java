package io.tugboat.apiserver.openapi;

import java.util.List;

/**
 * A URL template and what can be done on it.
 *
 * @param parameters the parameters every operation on the path shares (name, namespace, pretty)
 */
public record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {

    public PathItem {
        parameters = List.copyOf(parameters);
        operations = List.copyOf(operations);
    }
}
