package io.tugboat.apiserver.openapi;

/** The reason phrases Kubernetes uses as response descriptions. */
final class Responses {

    private Responses() {
    }

    static String description(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "401" -> "Unauthorized";
            default -> code;
        };
    }
}
