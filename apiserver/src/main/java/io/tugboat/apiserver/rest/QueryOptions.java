package io.tugboat.apiserver.rest;

import io.tugboat.api.errors.StatusException;
import io.tugboat.api.labels.FieldSelector;
import io.tugboat.api.labels.LabelSelector;
import io.tugboat.apiserver.http.HttpExchange;
import io.tugboat.apiserver.registry.FieldIndex;
import io.tugboat.apiserver.registry.ListOptions;
import io.tugboat.api.ResourceType;

/** Parses the query parameters of list and watch requests, answering 400 for malformed ones. */
final class QueryOptions {

    private QueryOptions() {
    }

    static ListOptions list(HttpExchange ex, ResourceType type) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(ex.query("labelSelector"));
        } catch (IllegalArgumentException e) {
            throw StatusException.badRequest("unable to parse requirement: " + e.getMessage());
        }
        try {
            fields = FieldSelector.parse(ex.query("fieldSelector"));
            fields.requireFields(FieldIndex.supported(type), type.kind());
        } catch (IllegalArgumentException e) {
            throw StatusException.badRequest(e.getMessage());
        }
        int limit = intParam(ex, "limit", 0);
        long exact = 0;
        if ("Exact".equals(ex.query("resourceVersionMatch"))) {
            exact = revision(ex.query("resourceVersion"));
        }
        return new ListOptions(labels, fields, Math.max(0, limit), ex.query("continue"), exact);
    }

    static int intParam(HttpExchange ex, String name, int fallback) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    static long revision(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            long r = Long.parseLong(value);
            if (r < 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("invalid resource version: \"" + value + "\"");
        }
    }

    static boolean dryRun(HttpExchange ex) {
        String v = ex.query("dryRun");
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (!v.equals("All")) {
            throw StatusException.badRequest("Invalid dryRun value \"" + v + "\": supported values: \"All\"");
        }
        return true;
    }
}
