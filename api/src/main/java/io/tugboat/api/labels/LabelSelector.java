package io.tugboat.api.labels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed label selector: all requirements must hold. Parses the query-string syntax Kubernetes accepts
 * ({@code a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a, a>1, a<1}) and converts the structured
 * {@code matchLabels} / {@code matchExpressions} form.
 */
public record LabelSelector(List<Requirement> requirements) {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(l)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /** Parses a selector string; throws {@link IllegalArgumentException} with a message naming the problem. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(new SelectorParser(text).parse());
    }

    /** The structured form of a spec's selector; null or empty selects everything. */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Requirement.Operator.EQUALS, Set.of(v))));
        }
        if (selector.getMatchExpressions() != null) {
            for (var e : selector.getMatchExpressions()) {
                Set<String> values = e.getValues() == null ? Set.of() : new LinkedHashSet<>(e.getValues());
                Requirement.Operator op = switch (e.getOperator()) {
                    case "In" -> Requirement.Operator.IN;
                    case "NotIn" -> Requirement.Operator.NOT_IN;
                    case "Exists" -> Requirement.Operator.EXISTS;
                    case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
                    default -> throw new IllegalArgumentException("\"" + e.getOperator() + "\" is not a valid label selector operator");
                };
                reqs.add(new Requirement(e.getKey(), op, values));
            }
        }
        return new LabelSelector(reqs);
    }
}
