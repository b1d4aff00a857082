package io.tugboat.apiserver.openapi;

/**
 * A path or query parameter of an operation.
 *
 * @param in   "path" or "query"
 * @param type the JSON type of the value: string, integer or boolean
 */
public record Parameter(String name, String in, String type, boolean required, String description) {

    static Parameter path(String name, String description) {
        return new Parameter(name, "path", "string", true, description);
    }

    static Parameter query(String name, String type, String description) {
        return new Parameter(name, "query", type, false, description);
    }
}
