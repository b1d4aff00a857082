package io.tugboat.apiserver.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One entry of an Accept or Content-Type header: type/subtype and parameters (e.g. as=Table;g=meta.k8s.io;v=v1). */
public record MediaType(String type, Map<String, String> params) {

    public MediaType {
        params = Map.copyOf(params);
    }

    public static MediaType parse(String value) {
        String[] parts = value.split(";");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                params.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), unquote(parts[i].substring(eq + 1).trim()));
            }
        }
        return new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), params);
    }

    /** The entries of an Accept header, in the order given (Kubernetes clients list their preference first). */
    public static List<MediaType> parseAccept(String header) {
        List<MediaType> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            out.add(new MediaType("*/*", Map.of()));
            return out;
        }
        for (String part : header.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    public String param(String name) {
        return params.get(name);
    }

    public boolean isJsonLike() {
        return type.equals("application/json") || type.equals("*/*") || type.equals("application/*");
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
