package io.tugboat.apiserver.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Label maps and label selectors written as kubectl shows them: {@code labels.FormatLabels} and
 * {@code labels.Selector.String()} (terms sorted by key, set values sorted, {@code !key} for DoesNotExist).
 */
final class LabelText {

    static final String NONE = "<none>";

    private LabelText() {
    }

    /** {@code a=1,b=2} sorted by key, or {@code <none>} for an empty or missing map. */
    static String labels(JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            return NONE;
        }
        Map<String, String> sorted = new TreeMap<>();
        map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText("")));
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /**
     * metav1.FormatLabelSelector: the selector's string form, {@code <none>} when it selects
     * everything or nothing, {@code <error>} when it is malformed.
     */
    static String formatSelector(JsonNode selector) {
        return selectorString(selector).map(s -> s.isEmpty() ? NONE : s).orElse("<error>");
    }

    /** The selector's string form ("" for a missing or empty one); empty when it is malformed. */
    static Optional<String> selectorString(JsonNode selector) {
        if (!selector.isObject()) {
            return Optional.of("");
        }
        List<Term> terms = new ArrayList<>();
        selector.path("matchLabels").properties()
                .forEach(e -> terms.add(new Term(e.getKey(), e.getKey() + "=" + e.getValue().asText(""))));
        for (JsonNode expression : selector.path("matchExpressions")) {
            Optional<Term> term = expressionTerm(expression);
            if (term.isEmpty()) {
                return Optional.empty();
            }
            terms.add(term.get());
        }
        // A stable sort by key, as the selector Kubernetes builds keeps its requirements ordered by key.
        terms.sort(Comparator.comparing(Term::key));
        return Optional.of(terms.stream().map(Term::text).collect(Collectors.joining(",")));
    }

    private static Optional<Term> expressionTerm(JsonNode expression) {
        String key = expression.path("key").asText("");
        List<String> values = Fields.strings(expression.path("values")).stream().sorted().toList();
        String set = "(" + String.join(",", values) + ")";
        return switch (expression.path("operator").asText("")) {
            case "In" -> values.isEmpty() ? Optional.empty() : Optional.of(new Term(key, key + " in " + set));
            case "NotIn" -> values.isEmpty() ? Optional.empty() : Optional.of(new Term(key, key + " notin " + set));
            case "Exists" -> values.isEmpty() ? Optional.of(new Term(key, key)) : Optional.empty();
            case "DoesNotExist" -> values.isEmpty() ? Optional.of(new Term(key, "!" + key)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private record Term(String key, String text) {
    }
}
