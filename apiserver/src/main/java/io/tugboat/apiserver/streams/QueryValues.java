package io.tugboat.apiserver.streams;

import io.tugboat.api.errors.StatusException;
import io.tugboat.apiserver.http.HttpExchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** Query parameters read as Kubernetes converts them (Go's ParseBool and ParseInt), and encoded for the agent. */
final class QueryValues {

    private QueryValues() {
    }

    static boolean bool(HttpExchange ex, String name) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw StatusException.badRequest("invalid value for " + name + ": strconv.ParseBool: parsing \"" + v
                    + "\": invalid syntax");
        };
    }

    static OptionalLong integer(HttpExchange ex, String name) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid value for " + name + ": strconv.ParseInt: parsing \"" + v
                    + "\": invalid syntax");
        }
    }

    /** One path segment or query value, percent-encoded. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
